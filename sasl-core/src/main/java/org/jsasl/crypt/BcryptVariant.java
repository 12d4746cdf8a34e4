package org.jsasl.crypt;

/**
 * The four bcrypt prefixes libxcrypt accepts, and how each turns the password into Blowfish key
 * words: {@code $2b$} and {@code $2y$} correctly, {@code $2x$} with crypt_blowfish's historical
 * sign-extension bug, {@code $2a$} correctly but with crypt_blowfish's anti-collision tweak.
 */
enum BcryptVariant {
    A('a', false, true),
    B('b', false, false),
    X('x', true, false),
    Y('y', false, false);

    private final char letter;
    private final boolean signExtensionBug;
    private final boolean collisionSafety;

    BcryptVariant(char letter, boolean signExtensionBug, boolean collisionSafety) {
        this.letter = letter;
        this.signExtensionBug = signExtensionBug;
        this.collisionSafety = collisionSafety;
    }

    /** The letter after {@code $2}. */
    char letter() {
        return letter;
    }

    /** Whether bytes of 0x80 and above are sign-extended when packed into key words ({@code $2x$}). */
    boolean signExtensionBug() {
        return signExtensionBug;
    }

    /** Whether the initial key is altered when the buggy and correct packings would coincide ({@code $2a$}). */
    boolean collisionSafety() {
        return collisionSafety;
    }

    /** The variant for the letter after {@code $2}, or null when libxcrypt knows no such bcrypt. */
    static BcryptVariant forLetter(char letter) {
        switch (letter) {
            case 'a': return A;
            case 'b': return B;
            case 'x': return X;
            case 'y': return Y;
            default: return null;
        }
    }
}
