// The password rule, one definition for the server (which enforces it) and the client (which shows
// it while the person types). Length matters most (NIST SP 800-63B); composition rules do not help,
// so there are none. A short list of the passwords that top every breach corpus is refused outright,
// as is the account's own email (or its local part).

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_RULE = `A password needs at least ${PASSWORD_MIN_LENGTH} characters, must not be a common or breached password, and must not contain your email address (nor the name before its @).`;

// The most frequent entries of published breach lists that are 10 characters or longer (shorter
// ones fail the length rule anyway), plus this product's own names.
const COMMON = new Set([
  '1234567890',
  '0123456789',
  '12345678910',
  '123456789a',
  '1234567890a',
  '0987654321',
  '1111111111',
  '0000000000',
  '1122334455',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'qwertyuiop',
  'qwertyuiop1',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'asdfghjkl1',
  'asdfghjkl;',
  'zxcvbnm123',
  'password12',
  'password123',
  'password1234',
  'password12345',
  'password!1',
  'passw0rd123',
  'p@ssw0rd123',
  'p@ssword123',
  'iloveyou12',
  'iloveyou123',
  'letmein123',
  'welcome123',
  'welcome1234',
  'administrator',
  'admin12345',
  'admin123456',
  'abc1234567',
  'abcd123456',
  'abcdefghij',
  'football123',
  'baseball123',
  'princess123',
  'sunshine123',
  'starwars123',
  'dragon1234',
  'monkey1234',
  'changeme123',
  'changemenow',
  'trustno1234',
  'superman123',
  'michael123',
  'computer123',
  'internet123',
  'touchstone',
  'touchstone1',
  'touchstone123',
  'touchstone-demo',
]);

/** Why this password is refused, in a sentence that states the rule; null when it is fine. */
export function passwordProblem(password: string, email?: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `That password is too short. ${PASSWORD_RULE}`;
  const folded = password.trim().toLowerCase();
  if (COMMON.has(folded) || /^(.)\1+$/.test(folded)) return `That password is too common. ${PASSWORD_RULE}`;
  if (email) {
    const address = email.trim().toLowerCase();
    const local = address.split('@')[0] ?? '';
    if (folded === address || (local.length >= 4 && folded.includes(local))) return `That password contains your email address. ${PASSWORD_RULE}`;
  }
  return null;
}
