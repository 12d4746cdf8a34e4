package org.jsasl.examples.smtpd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where accepted messages go: one {@code <queue id>.eml} file each in a folder, or nowhere. This
 * example server never relays mail.
 */
final class MailFolder {

    private final Path directory;

    /** @param directory the folder, created when missing; null to discard every message */
    MailFolder(Path directory) {
        this.directory = directory;
    }

    /**
     * Stores one message.
     *
     * @param message the whole message as it will be stored, Received header first
     * @throws IOException when it cannot be written (the client is told 451)
     */
    void store(String queueId, byte[] message) throws IOException {
        if (directory == null) {
            return;
        }
        Files.createDirectories(directory);
        Path tmp = directory.resolve(queueId + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
            out.write(message);
        }
        // Readers of the folder see only complete messages.
        Files.move(tmp, directory.resolve(queueId + ".eml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
