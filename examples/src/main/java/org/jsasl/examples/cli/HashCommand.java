package org.jsasl.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jsasl.crypt.CryptCheck;
import org.jsasl.crypt.CryptFormat;
import org.jsasl.crypt.InvalidSettingException;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.crypt.StoredPasswordCheck;

/**
 * {@code jsasl hash}: makes a crypt(3) hash of the password on standard input; with
 * {@code --verify}, checks {@code password<TAB>hash} lines (a migration check for a whole table);
 * with {@code --info}, shows which path serves each format on this machine.
 */
final class HashCommand {

    /** Exit status when the requested format cannot be computed on this machine (EX_UNAVAILABLE). */
    static final int EX_UNAVAILABLE = 69;

    private final InputStream in;
    private final PrintStream out;

    HashCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    int run(List<String> argv) throws IOException, UsageException {
        Args args = Args.parse(argv, Set.of("--format", "--rounds"), Set.of("--verify", "--info", "--help"));
        if (args.flag("--help")) {
            out.print(Usage.TEXT);
            return 0;
        }
        if (!args.operands().isEmpty()) {
            throw new UsageException("hash takes no operands; the password comes on standard input");
        }
        if (args.flag("--info")) {
            return info();
        }
        if (args.flag("--verify")) {
            if (args.value("--format").isPresent() || args.value("--rounds").isPresent()) {
                throw new UsageException("--verify takes no --format or --rounds: the hash says its format");
            }
            return verify();
        }
        PasswordHasher.Format format;
        int rounds;
        try {
            format = PasswordHasher.Format.parse(args.value("--format").orElse("sha512"));
            rounds = args.value("--rounds").map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException e) {
            throw new UsageException("--rounds needs a whole number", e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        return hash(format, rounds);
    }

    private int hash(PasswordHasher.Format format, int rounds) throws IOException, UsageException {
        byte[] password = readPassword();
        try {
            out.println(new PasswordHasher().hash(format, password, rounds));
            return 0;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (InvalidSettingException e) {
            out.println("UNSUPPORTED: " + e.getMessage());
            return EX_UNAVAILABLE;
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private byte[] readPassword() throws IOException, UsageException {
        try (BoundedLineReader reader = new BoundedLineReader(in)) {
            byte[] line = reader.readLine();
            if (line == null) {
                throw new UsageException("no password on standard input (expected one line)");
            }
            return line;
        } catch (BoundedLineReader.LineTooLongException e) {
            throw new UsageException("the password line is longer than " + BoundedLineReader.MAX_LINE_BYTES + " bytes");
        }
    }

    private int verify() throws IOException {
        int status = 0;
        try (BoundedLineReader reader = new BoundedLineReader(in)) {
            while (true) {
                byte[] line;
                try {
                    line = reader.readLine();
                } catch (BoundedLineReader.LineTooLongException e) {
                    out.println("UNSUPPORTED: line longer than " + BoundedLineReader.MAX_LINE_BYTES + " bytes");
                    status = 1;
                    continue;
                }
                if (line == null) {
                    return status;
                }
                String verdict = verdict(line);
                Arrays.fill(line, (byte) 0);
                out.println(verdict);
                if (!verdict.equals("OK")) {
                    status = 1;
                }
            }
        }
    }

    /** Splits at the last TAB: a hash never holds one, a password may. */
    private static String verdict(byte[] line) {
        int tab = -1;
        for (int i = line.length - 1; i >= 0; i--) {
            if (line[i] == '\t') {
                tab = i;
                break;
            }
        }
        if (tab < 0) {
            return "UNSUPPORTED: malformed line (expected password<TAB>hash)";
        }
        byte[] password = Arrays.copyOf(line, tab);
        String hash = new String(line, tab + 1, line.length - tab - 1, StandardCharsets.UTF_8);
        try {
            CryptCheck check = StoredPasswordCheck.verify(password, hash);
            if (check instanceof CryptCheck.Match) {
                return "OK";
            }
            if (check instanceof CryptCheck.Unsupported u) {
                return "UNSUPPORTED: " + u.reason();
            }
            return "NO";
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private int info() {
        out.printf("%-14s %-8s %s%n", "FORMAT", "PREFIX", "PATH");
        for (CryptFormat f : CryptFormat.values()) {
            out.printf("%-14s %-8s %s%n", f.mkpasswdName(), f.prefix().isEmpty() ? "(none)" : f.prefix(),
                    f.pathDescription());
        }
        return 0;
    }
}
