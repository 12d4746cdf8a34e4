package org.jsasl.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Postfix's {@code maillog_file} for {@code jsasl smtpd}: the server's standard error, where
 * SLF4J writes every log line, appended to a file instead, for fail2ban and logrotate.
 */
final class MaillogFile {

    private MaillogFile() {
    }

    /**
     * Opens {@code file} for appending (created rw-r----- as Debian's mail.log: log lines carry
     * client addresses and user names) and makes it standard error. slf4j-simple looks
     * System.err up at every line, so this works even after something has logged.
     *
     * @throws IOException when the file cannot be created or opened
     */
    static void redirectStandardError(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        } catch (FileAlreadyExistsException e) {
            // Appended to as it is: its owner chose its mode.
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the default mode.
        }
        // O_APPEND: after logrotate's copytruncate the next line lands at the new end, not at the
        // old offset behind a hole.
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    }
}
