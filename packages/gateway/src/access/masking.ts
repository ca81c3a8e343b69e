/** A person's name with all but its first character hidden: 史女士 → 史**. */
export function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length <= 1) return '*'.repeat(characters.length);
  return characters[0] + '*'.repeat(characters.length - 1);
}

/**
 * A phone number with at least its middle four digits hidden: 13812345678 → 138****5678;
 * short numbers keep only their last two digits. Anything but digits is dropped.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) {
    return (
      '*'.repeat(Math.max(0, digits.length - 2)) + digits.slice(Math.max(0, digits.length - 2))
    );
  }
  const head = Math.min(3, digits.length - 8);
  return digits.slice(0, head) + '*'.repeat(digits.length - head - 4) + digits.slice(-4);
}
