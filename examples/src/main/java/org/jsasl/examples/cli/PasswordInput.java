package org.jsasl.examples.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * The password of {@code jsasl check USER}: the first line of standard input, at most
 * {@value BoundedLineReader#MAX_LINE_BYTES} bytes of UTF-8, returned as characters the caller
 * clears.
 */
final class PasswordInput {

    private PasswordInput() {
    }

    /**
     * @throws UsageException when there is no line, the line is too long or it is not UTF-8
     */
    static char[] read(InputStream in) throws IOException, UsageException {
        byte[] line = null;
        try (BoundedLineReader reader = new BoundedLineReader(in)) {
            line = reader.readLine();
            if (line == null) {
                throw new UsageException("no password on standard input (expected one line)");
            }
            char[] password = SecretText.decode(line, 0, line.length);
            if (password == null) {
                throw new UsageException("the password on standard input is not valid UTF-8");
            }
            return password;
        } catch (BoundedLineReader.LineTooLongException e) {
            throw new UsageException("the password line on standard input is longer than "
                    + BoundedLineReader.MAX_LINE_BYTES + " bytes");
        } finally {
            SecretText.wipe(line);
        }
    }
}
