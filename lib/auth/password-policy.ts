/**
 * Password policy for local accounts (admin API, CLI, PLATEAU_ADMIN_PASSWORD at first start):
 * 10..200 characters, not mostly one repeated character, and not guessable according to the
 * zxcvbn-ts estimator (common-password, English and French dictionaries, keyboard patterns,
 * sequences, dates): its score must be at least 3 ("safely unguessable", > 10^8 guesses).
 * Messages in French and English.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as en from '@zxcvbn-ts/language-en'
import * as fr from '@zxcvbn-ts/language-fr'

export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 200
export const PASSWORD_MIN_SCORE = 3

export type PasswordProblem = 'too_short' | 'too_long' | 'repeated' | 'guessable'

const MESSAGES: Record<PasswordProblem, { en: string; fr: string }> = {
  too_short: {
    en: `The password must have at least ${PASSWORD_MIN} characters.`,
    fr: `Le mot de passe doit comporter au moins ${PASSWORD_MIN} caractères.`,
  },
  too_long: {
    en: `The password must have at most ${PASSWORD_MAX} characters.`,
    fr: `Le mot de passe doit comporter au plus ${PASSWORD_MAX} caractères.`,
  },
  repeated: {
    en: 'The password repeats the same character; choose a longer mix of words or characters.',
    fr: 'Le mot de passe répète le même caractère ; choisissez un mélange plus varié de mots ou de caractères.',
  },
  guessable: {
    en: 'This password is too common or too easy to guess (a known password, word, name, keyboard pattern or sequence). Use a phrase of several unrelated words.',
    fr: 'Ce mot de passe est trop courant ou trop facile à deviner (mot de passe connu, mot, prénom, suite de touches ou séquence). Utilisez une phrase de plusieurs mots sans rapport entre eux.',
  },
}

export type PolicyResult = { ok: true } | { ok: false; problem: PasswordProblem; message: { en: string; fr: string } }

let zxcvbn: ZxcvbnFactory | null = null
function estimator(): ZxcvbnFactory {
  return (zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
    graphs: common.adjacencyGraphs,
  }))
}

const fail = (problem: PasswordProblem): PolicyResult => ({ ok: false, problem, message: MESSAGES[problem] })

export function checkPassword(pw: string, userInputs: string[] = []): PolicyResult {
  const chars = [...pw]
  if (chars.length < PASSWORD_MIN) return fail('too_short')
  if (chars.length > PASSWORD_MAX) return fail('too_long')
  if (new Set(chars).size <= 2) return fail('repeated')
  // the estimator's cost grows with length; beyond 100 characters a password is not guessable by these rules
  const r = estimator().check(pw.slice(0, 100), userInputs.filter(Boolean))
  if (r.score < PASSWORD_MIN_SCORE) return fail('guessable')
  return { ok: true }
}

/** Both languages in one line (logs, CLI, the first-start check). */
export function bothLanguages(r: Extract<PolicyResult, { ok: false }>): string {
  return `${r.message.en} / ${r.message.fr}`
}
