/**
 * Auth administration from the server's shell (same env as the server: PLATEAU_DATA_DIR,
 * PLATEAU_USERS_FILE, PLATEAU_AUTH_DIR). The running server sees changes on its next request.
 *
 *   npx tsx lib/auth/cli.ts reset-password <username> [--password <pw>]   (random if omitted, printed once)
 *   npx tsx lib/auth/cli.ts add-user <username> --roles supervisor,manager --centers paris-sales,lyon-leads|* [--password <pw>]
 *   npx tsx lib/auth/cli.ts list-users
 *   npx tsx lib/auth/cli.ts create-api-key <name> [--rate <req/s>] [--burst <n>]
 *   npx tsx lib/auth/cli.ts list-api-keys | revoke-api-key <id>
 *   npx tsx lib/auth/cli.ts create-display-link <boardId> [--name <where>] | list-display-links | revoke-display-link <id>
 */
import crypto from 'node:crypto'
import { createApiKey, publicApiKey, readApiKeys, revokeApiKey } from './api-keys'
import { usersFile } from './config'
import { createDisplayLink, publicDisplayLink, readDisplayLinks, revokeDisplayLink } from './display-links'
import { isRole, type Role } from './roles'
import { createUser, findUserByUsername, readUsers, toPublic, updateUser } from './users'
import { bothLanguages, checkPassword } from './password-policy'

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}

function assertPolicy(pw: string, userInputs: string[]) {
  const r = checkPassword(pw, userInputs)
  if (!r.ok) throw new Error(bothLanguages(r))
}

async function main(argv: string[]): Promise<number> {
  const [cmd, arg, ...rest] = argv
  const args = [arg ?? '', ...rest]
  switch (cmd) {
    case 'reset-password': {
      if (!arg) throw new Error('usage: reset-password <username> [--password <pw>]')
      const u = findUserByUsername(arg)
      if (!u) throw new Error(`no user "${arg}" in ${usersFile()}`)
      const pw = flag(args, 'password') ?? crypto.randomBytes(15).toString('base64url')
      assertPolicy(pw, [u.username, u.name])
      await updateUser(u.id, { password: pw, disabled: false })
      console.log(flag(args, 'password') ? `password of "${u.username}" changed` : `new password for "${u.username}": ${pw}`)
      return 0
    }
    case 'add-user': {
      if (!arg) throw new Error('usage: add-user <username> --roles r1,r2 --centers c1,c2|* [--password <pw>]')
      const roles = (flag(args, 'roles') ?? '').split(',').filter(Boolean)
      const bad = roles.filter((r) => !isRole(r))
      if (bad.length) throw new Error(`unknown role(s): ${bad.join(', ')}`)
      const c = flag(args, 'centers') ?? ''
      const pw = flag(args, 'password') ?? crypto.randomBytes(15).toString('base64url')
      assertPolicy(pw, [arg])
      const u = await createUser({ username: arg, password: pw, roles: roles as Role[], centers: c.trim() === '*' ? '*' : c.split(',').filter(Boolean) })
      console.log(`created "${u.username}" (${u.roles.join(', ') || 'no role'})${flag(args, 'password') ? '' : ` password: ${pw}`}`)
      return 0
    }
    case 'list-users':
      console.table(readUsers().users.map((u) => { const p = toPublic(u); return { username: p.username, roles: p.roles.join(','), centers: p.centers === '*' ? '*' : p.centers.join(','), disabled: !!p.disabled } }))
      return 0
    case 'create-api-key': {
      if (!arg) throw new Error('usage: create-api-key <name>')
      const rate = flag(args, 'rate')
      const burst = flag(args, 'burst')
      const { secret } = await createApiKey({ name: arg, createdBy: 'cli', ratePerSec: rate ? Number(rate) : undefined, burst: burst ? Number(burst) : undefined })
      console.log(secret)
      return 0
    }
    case 'list-api-keys':
      console.table(readApiKeys().map(publicApiKey))
      return 0
    case 'revoke-api-key':
      return (await revokeApiKey(arg ?? '')) ? 0 : (console.error('no such key'), 1)
    case 'create-display-link': {
      if (!arg) throw new Error('usage: create-display-link <boardId> [--name <where>]')
      const { token } = await createDisplayLink({ boardId: arg, name: flag(args, 'name'), createdBy: 'cli' })
      console.log(`/display/${token}`)
      return 0
    }
    case 'list-display-links':
      console.table(readDisplayLinks().map(publicDisplayLink))
      return 0
    case 'revoke-display-link':
      return (await revokeDisplayLink(arg ?? '')) ? 0 : (console.error('no such display link'), 1)
    default:
      console.error('commands: reset-password, add-user, list-users, create-api-key, list-api-keys, revoke-api-key, create-display-link, list-display-links, revoke-display-link')
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error((e as Error).message)
    process.exit(1)
  },
)
