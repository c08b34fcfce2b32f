/** Sign-in page strings (fr/en). Kept local to app/login until they move to messages/<locale>/auth.json. */
const en = {
  title: 'Sign in to Plateau',
  username: 'Username',
  password: 'Password',
  submit: 'Sign in',
  sso: 'Sign in with',
  or: 'or',
  invalid: 'Incorrect username or password.',
  tooMany: 'Too many attempts. Wait a minute and try again.',
  forbidden: 'Your account is not allowed to open this page',
  forbiddenHint: 'Sign in with another account, or ask an administrator for the right role.',
  displayRevoked: 'This display link was revoked or is not valid. Ask an administrator for a new link.',
  firstRunGenerated: 'First run: sign in as “admin” with the password printed once in the server log (the line “FIRST RUN — sign in as: admin / …”).',
  firstRunEnv: 'First run: sign in as “admin” with the password set in PLATEAU_ADMIN_PASSWORD.',
  firstRunLost: 'Lost it? On the server, in the Plateau directory, run:',
  authOff: 'Sign-in is turned off (PLATEAU_AUTH=off): everyone is an administrator.',
  continue: 'Continue',
  signedInAs: 'Signed in as',
  signOut: 'Sign out',
  noProvider: 'No sign-in method is configured (PLATEAU_LOCAL_LOGIN=off and no OIDC_ISSUER).',
  error: 'Sign-in failed',
  adminPasswordRefused:
    'PLATEAU_ADMIN_PASSWORD does not meet the password policy (at least 10 characters, not a common or easily guessed password), so no administrator was created. Set a stronger one and restart; the server log says why.',
}
export type LoginStrings = { [K in keyof typeof en]: string }

export const LOGIN_STRINGS: Record<'en' | 'fr', LoginStrings> = {
  en,
  fr: {
    title: 'Connexion à Plateau',
    username: 'Identifiant',
    password: 'Mot de passe',
    submit: 'Se connecter',
    sso: 'Se connecter avec',
    or: 'ou',
    invalid: 'Identifiant ou mot de passe incorrect.',
    tooMany: 'Trop de tentatives. Patientez une minute puis réessayez.',
    forbidden: 'Votre compte ne permet pas d’ouvrir cette page',
    forbiddenHint: 'Connectez-vous avec un autre compte, ou demandez le bon rôle à un administrateur.',
    displayRevoked: 'Ce lien d’affichage a été révoqué ou n’est pas valide. Demandez un nouveau lien à un administrateur.',
    firstRunGenerated: 'Premier démarrage : connectez-vous en « admin » avec le mot de passe affiché une seule fois dans le journal du serveur (ligne « FIRST RUN — sign in as: admin / … »).',
    firstRunEnv: 'Premier démarrage : connectez-vous en « admin » avec le mot de passe défini dans PLATEAU_ADMIN_PASSWORD.',
    firstRunLost: 'Perdu ? Sur le serveur, dans le répertoire de Plateau, lancez :',
    authOff: 'La connexion est désactivée (PLATEAU_AUTH=off) : tout le monde est administrateur.',
    continue: 'Continuer',
    signedInAs: 'Connecté en tant que',
    signOut: 'Se déconnecter',
    noProvider: 'Aucune méthode de connexion n’est configurée (PLATEAU_LOCAL_LOGIN=off et pas d’OIDC_ISSUER).',
    error: 'Échec de la connexion',
    adminPasswordRefused:
      'PLATEAU_ADMIN_PASSWORD ne respecte pas la politique des mots de passe (au moins 10 caractères, pas un mot de passe courant ou facile à deviner) : aucun administrateur n’a été créé. Choisissez-en un plus solide et redémarrez ; le journal du serveur en donne la raison.',
  },
}
