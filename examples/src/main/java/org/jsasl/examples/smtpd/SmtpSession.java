package org.jsasl.examples.smtpd;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.SaslThrottledException;
import org.jsasl.SaslUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's SMTP state machine (RFC 5321 with AUTH per RFC 4954 and STARTTLS per
 * RFC 3207), answering as Postfix 3.7 with Cyrus SASL does.
 */
final class SmtpSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSession.class);

    // RFC 5321's longest address, with room for the brackets and parameters around it.
    private static final int MAX_ADDRESS = 256;

    // LOGIN needs three rounds and PLAIN two; more means a mechanism is looping.
    private static final int MAX_AUTH_ROUNDS = 8;

    // Postfix's SMTPD_CMD_FLAG_PRE_TLS commands: all a client may send before STARTTLS under encrypt.
    private static final Set<String> PRE_TLS = Set.of("EHLO", "HELO", "STARTTLS", "RSET", "NOOP", "QUIT");

    private static final DateTimeFormatter RFC5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z (z)", Locale.ROOT);

    /** Ends the session after the reply already sent. */
    private static final class Close extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private Socket socket;
    private final MainCf cf;
    private final SaslSetup sasl;
    private final TlsSetup tlsSetup;
    private SSLSession tls;
    private SaslSetup.Offer offer;
    private final RecipientPolicy policy;
    private final MailFolder folder;
    private final long deadline;
    private SmtpLineReader in;
    private OutputStream out;

    private String helo;
    private boolean esmtp;
    private String authUser;
    private String mailFrom;
    private final List<String> recipients = new ArrayList<>();
    private int authFailures;
    private String authMechanism;   // what the current AUTH command names, as AuthFailureLog writes it
    private int commands;

    SmtpSession(Socket socket, MainCf cf, SaslSetup sasl, TlsSetup tlsSetup, MailFolder folder) {
        this.socket = socket;
        this.cf = cf;
        this.sasl = sasl;
        this.tlsSetup = tlsSetup;
        this.offer = sasl.plaintext();
        this.policy = new RecipientPolicy(cf);
        this.folder = folder;
        this.deadline = System.nanoTime() + cf.sessionTimeout().toNanos();
    }

    @Override
    public void run() {
        // Not try-with-resources: the catch clauses still write to the socket.
        try {
            in = new SmtpLineReader(new BufferedInputStream(socket.getInputStream()));
            out = new BufferedOutputStream(socket.getOutputStream());
            reply("220 " + cf.banner());
            while (true) {
                byte[] line = readLine();
                if (line == null) {
                    return;
                }
                if (++commands > cf.commandLimit()) {
                    reply("421 4.7.0 " + cf.myhostname() + " Error: too many commands");
                    return;
                }
                command(new String(line, StandardCharsets.ISO_8859_1));
            }
        } catch (Close e) {
            // The reply that ends the session has been sent.
        } catch (SocketTimeoutException e) {
            quietly("421 4.4.2 " + cf.myhostname() + " Error: timeout exceeded");
        } catch (IOException e) {
            LOG.debug("connection from {} ended: {}", socket.getInetAddress().getHostAddress(), e.toString());
        } finally {
            closeSocket();
        }
    }

    /**
     * Closes the connection. Over TLS the output side is shut first: on TLS 1.3 the JDK's close()
     * alone sends a user_canceled alert before close_notify, which GnuTLS clients (gsasl, and so
     * anything on gnutls_bye) report as a fatal alert after a session that went well. Postfix
     * sends close_notify only.
     */
    private void closeSocket() {
        if (socket instanceof SSLSocket tlsSocket && !tlsSocket.isClosed()) {
            try {
                tlsSocket.shutdownOutput();
            } catch (IOException ignored) {
                // The peer is gone already; close() below still frees the socket.
            }
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    /** Reads a command line; an overlong one is answered here and reading goes on. */
    private byte[] readLine() throws IOException {
        while (true) {
            armTimeout();
            try {
                return in.readLine(cf.lineLengthLimit());
            } catch (SmtpLineReader.LineTooLongException e) {
                reply("500 5.5.2 Error: line too long");
            }
        }
    }

    private void armTimeout() throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("session too long");
        }
        socket.setSoTimeout((int) Math.min(left, Math.min(cf.idleTimeout().toMillis(), Integer.MAX_VALUE)));
    }

    private void command(String line) throws IOException, Close {
        int sp = line.indexOf(' ');
        String verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String arg = sp < 0 ? "" : line.substring(sp + 1).strip();
        if (cf.tlsRequired() && tls == null && !PRE_TLS.contains(verb)) {
            reply("530 5.7.0 Must issue a STARTTLS command first");
            return;
        }
        switch (verb) {
            case "STARTTLS": startTls(arg); break;
            case "EHLO": hello(arg, true); break;
            case "HELO": hello(arg, false); break;
            case "AUTH": auth(arg); break;
            case "MAIL": mail(arg); break;
            case "RCPT": rcpt(arg); break;
            case "DATA": data(arg); break;
            case "RSET": resetTransaction(); reply("250 2.0.0 Ok"); break;
            case "NOOP": reply("250 2.0.0 Ok"); break;
            case "QUIT":
                reply("221 2.0.0 Bye");
                throw new Close();
            default:
                reply("502 5.5.2 Error: command not recognized");
        }
    }

    private void hello(String arg, boolean extended) throws IOException {
        if (arg.isEmpty()) {
            reply("501 Syntax: " + (extended ? "EHLO" : "HELO") + " hostname");
            return;
        }
        resetTransaction();
        helo = arg;
        esmtp = extended;
        if (!extended) {
            reply("250 " + cf.myhostname());
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(cf.myhostname());
        lines.add("PIPELINING");
        lines.add(cf.messageSizeLimit() > 0 ? "SIZE " + cf.messageSizeLimit() : "SIZE");
        if (tlsSetup != null && tls == null) {
            lines.add("STARTTLS");
        }
        if (authOffered()) {
            String mechs = String.join(" ", offer.mechanisms());
            lines.add("AUTH " + mechs);
            if (cf.brokenSaslAuthClients()) {
                lines.add("AUTH=" + mechs);
            }
        }
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("8BITMIME");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
        }
        write(sb.toString());
    }

    private boolean authOffered() {
        return authEnabled() && !offer.mechanisms().isEmpty();
    }

    /** Postfix: AUTH is off until TLS under smtpd_tls_auth_only, or when encrypt makes TLS mandatory. */
    private boolean authEnabled() {
        return cf.saslAuthEnable() && (tls != null || !(cf.tlsAuthOnly() || cf.tlsRequired()));
    }

    /** RFC 3207: the handshake on this connection, then a fresh session as if just connected. */
    private void startTls(String arg) throws IOException, Close {
        if (tlsSetup == null) {
            reply("502 5.5.1 Error: command not implemented");
            return;
        }
        if (!arg.isEmpty()) {
            reply("501 5.5.4 Syntax: STARTTLS");
            return;
        }
        if (tls != null) {
            reply("554 5.5.1 Error: TLS already active");
            return;
        }
        if (mailFrom != null) {
            reply("503 5.5.1 Error: MAIL transaction in progress");
            return;
        }
        reply("220 2.0.0 Ready to start TLS");
        // Whatever the client sent after STARTTLS in plaintext is still in the old reader's
        // buffer; dropping that reader drops it unread (RFC 3207 section 5, CVE-2011-0411).
        in = null;
        SSLSocket tlsSocket = tlsSetup.wrap(socket);
        socket = tlsSocket;
        armTimeout();
        try {
            tlsSocket.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new Close();   // no reply: the client is not speaking plaintext any more
        } catch (IOException e) {
            LOG.info("TLS handshake with {} failed: {}", socket.getInetAddress().getHostAddress(), e.getMessage());
            throw new Close();
        }
        tls = tlsSocket.getSession();
        offer = sasl.afterStartTls(tls);
        in = new SmtpLineReader(new BufferedInputStream(tlsSocket.getInputStream()));
        out = new BufferedOutputStream(tlsSocket.getOutputStream());
        // RFC 3207: forget everything learned before TLS, including the EHLO name and any login.
        helo = null;
        esmtp = false;
        authUser = null;
        resetTransaction();
        LOG.debug("TLS {} {} with {}", tls.getProtocol(), tls.getCipherSuite(), socket.getInetAddress().getHostAddress());
    }

    private void auth(String arg) throws IOException, Close {
        authMechanism = AuthFailureLog.mechanism(arg);
        if (!authEnabled()) {
            reply("503 5.5.1 Error: authentication not enabled");
            return;
        }
        if (cf.heloRequired() && helo == null) {
            reply("503 5.5.1 Error: send HELO/EHLO first");
            return;
        }
        if (authUser != null) {
            reply("503 5.5.1 Error: already authenticated");
            return;
        }
        if (mailFrom != null) {
            reply("503 5.5.1 Error: MAIL transaction in progress");
            return;
        }
        String[] parts = arg.split(" +");
        if (arg.isEmpty() || parts.length > 2) {
            reply("501 5.5.4 Syntax: AUTH mechanism");
            return;
        }
        String mech = offer.offered(parts[0]);
        if (mech == null) {
            authFailed("no mechanism available");
            return;
        }
        byte[] response = null;
        if (parts.length == 2) {
            // RFC 4954: "=" is an empty initial response.
            response = decode(parts[1].getBytes(StandardCharsets.ISO_8859_1));
            if (response == null) {
                authAborted("501 5.5.2 Cannot decode AUTH initial response", "cannot decode initial response");
                return;
            }
        }
        SaslServer server = null;
        boolean refused = false;
        try {
            server = sasl.create(offer, mech, response != null, socket.getInetAddress());
            if (server == null) {
                authFailed("no mechanism available");
                return;
            }
            if (response == null) {
                response = new byte[0];
            }
            for (int round = 0; ; round++) {
                byte[] challenge = server.evaluateResponse(response);
                wipe(response);
                response = null;
                if (server.isComplete()) {
                    if (challenge != null && challenge.length > 0 && !successData(challenge)) {
                        return;
                    }
                    break;
                }
                if (round == MAX_AUTH_ROUNDS) {
                    authFailed("authentication failure");
                    return;
                }
                reply("334 " + Base64.getEncoder().encodeToString(challenge == null ? new byte[0] : challenge));
                response = readAuthResponse();
                if (response == null) {
                    return;   // already answered: cancelled, undecodable or too long
                }
            }
            authUser = server.getAuthorizationID();
            reply("235 2.7.0 Authentication successful");
        } catch (SaslThrottledException e) {
            // Refused before any backend was asked (jsasl_throttle): the client may learn why, as
            // Postfix' anvil limits say so; the user and the limit are in jsasl's log.
            AuthFailureLog.unavailable(socket.getInetAddress(), authMechanism, e.getMessage());
            reply("454 4.7.0 Temporary authentication failure: too many failures, try later");
        } catch (SaslUnavailableException e) {
            // The backend's trouble is for the admin (jsasl's messages carry no password); the
            // client gets Cyrus' fixed wording.
            AuthFailureLog.unavailable(socket.getInetAddress(), authMechanism, e.getMessage());
            reply("454 4.7.0 Temporary authentication failure: generic failure");
        } catch (SaslException e) {
            refused = true;
        } finally {
            wipe(response);
            if (server != null) {
                try {
                    server.dispose();
                } catch (SaslException ignored) {
                    // Nothing of this exchange is used after this point.
                }
            }
        }
        if (refused) {
            // jsasl_failure_delay: this session's own thread waits, after the exchange gave back
            // its check and pooled connection; no other session is held up.
            pause(sasl.context().failureDelay());
            // One reason for wrong password and unknown user alike; jsasl's own detail, with the
            // user name, is what smtpd.conf's log_level 2 is for.
            authFailed("authentication failure");
        }
    }

    private static void pause(java.time.Duration delay) throws Close {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Close();   // the server is stopping
        }
    }

    /**
     * RFC 4954 has no room for data in the 235 reply: what the mechanism sends on success (SCRAM's
     * server signature) goes in one more 334, which the client answers with an empty line, as
     * Cyrus does for a server without SASL_SUCCESS_DATA. Returns false when that was already answered.
     */
    private boolean successData(byte[] data) throws IOException, Close {
        reply("334 " + Base64.getEncoder().encodeToString(data));
        byte[] response = readAuthResponse();
        if (response == null) {
            return false;
        }
        if (response.length != 0) {
            wipe(response);
            authFailed("authentication failure");
            return false;
        }
        return true;
    }

    /** Reads a client response to a 334; answers and returns null when there is none to evaluate. */
    private byte[] readAuthResponse() throws IOException, Close {
        byte[] line;
        armTimeout();
        try {
            line = in.readLine(cf.lineLengthLimit());
        } catch (SmtpLineReader.LineTooLongException e) {
            authAborted("500 5.5.6 Authentication exchange line is too long", "response line too long");
            return null;
        }
        if (line == null) {
            throw new Close();
        }
        try {
            if (line.length == 1 && line[0] == '*') {
                authAborted("501 5.7.0 Authentication aborted", null);
                return null;
            }
            byte[] decoded = decode(line);
            if (decoded == null) {
                authAborted("501 5.5.2 Cannot decode response", "cannot decode response");
            }
            return decoded;
        } finally {
            wipe(line);   // base64 of a password is a password
        }
    }

    private static byte[] decode(byte[] base64) {
        if (base64.length == 1 && base64[0] == '=') {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Logs and answers a 535 with {@code reason} (Postfix logs the reason it replies with), then
     * enforces the failure limit.
     */
    private void authFailed(String reason) throws IOException, Close {
        // Logged before the reply: a client that has read its 535 can find the line.
        AuthFailureLog.failed(socket.getInetAddress(), authMechanism, reason);
        reply("535 5.7.8 Error: authentication failed: " + reason);
        if (++authFailures >= cf.authFailureLimit()) {
            reply("421 4.7.0 " + cf.myhostname() + " Error: too many failed authentications");
            throw new Close();
        }
    }

    /** Logs and answers an exchange that ended before any password was checked (500, 501). */
    private void authAborted(String reply, String detail) throws IOException {
        AuthFailureLog.aborted(socket.getInetAddress(), authMechanism, detail);
        reply(reply);
    }

    private void mail(String arg) throws IOException {
        if (cf.heloRequired() && helo == null) {
            reply("503 5.5.1 Error: send HELO/EHLO first");
            return;
        }
        if (mailFrom != null) {
            reply("503 5.5.1 Error: nested MAIL command");
            return;
        }
        String[] path = path(arg, "FROM:");
        if (path == null) {
            reply("501 5.5.4 Syntax: MAIL FROM:<address>");
            return;
        }
        for (String param : path[1].split(" +")) {
            if (param.toUpperCase(Locale.ROOT).startsWith("SIZE=")) {
                long size;
                try {
                    size = Long.parseLong(param.substring(5));
                } catch (NumberFormatException e) {
                    reply("501 5.5.4 Bad message size syntax");
                    return;
                }
                if (cf.messageSizeLimit() > 0 && size > cf.messageSizeLimit()) {
                    reply("552 5.3.4 Message size exceeds fixed limit");
                    return;
                }
            }
        }
        mailFrom = path[0];
        reply("250 2.1.0 Ok");
    }

    private void rcpt(String arg) throws IOException {
        if (mailFrom == null) {
            reply("503 5.5.1 Error: need MAIL command");
            return;
        }
        String[] path = path(arg, "TO:");
        if (path == null || path[0].isEmpty()) {
            reply("501 5.5.4 Syntax: RCPT TO:<address>");
            return;
        }
        if (recipients.size() >= cf.recipientLimit()) {
            reply("452 4.5.3 Error: too many recipients");
            return;
        }
        String refused = policy.check(socket.getInetAddress(), authUser != null, path[0]);
        if (refused != null) {
            reply(refused);
            return;
        }
        recipients.add(path[0]);
        reply("250 2.1.5 Ok");
    }

    /**
     * Splits {@code FROM:<a> PARAMS} into the address and the parameters; brackets are optional,
     * as Postfix allows by default.
     */
    private static String[] path(String arg, String keyword) {
        if (!arg.toUpperCase(Locale.ROOT).startsWith(keyword)) {
            return null;
        }
        String rest = arg.substring(keyword.length()).strip();
        String address;
        String params;
        if (rest.startsWith("<")) {
            int close = rest.indexOf('>');
            if (close < 0) {
                return null;
            }
            address = rest.substring(1, close);
            params = rest.substring(close + 1).strip();
        } else {
            int sp = rest.indexOf(' ');
            address = sp < 0 ? rest : rest.substring(0, sp);
            params = sp < 0 ? "" : rest.substring(sp + 1).strip();
        }
        if (address.length() > MAX_ADDRESS || address.matches(".*[\\s<>\"].*")) {
            return null;
        }
        return new String[] {address, params};
    }

    private void data(String arg) throws IOException {
        if (!arg.isEmpty()) {
            reply("501 5.5.4 Syntax: DATA");
            return;
        }
        if (mailFrom == null) {
            reply("503 5.5.1 Error: need RCPT command");
            return;
        }
        if (recipients.isEmpty()) {
            reply("554 5.5.1 Error: no valid recipients");
            return;
        }
        reply("354 End data with <CR><LF>.<CR><LF>");
        String queueId = QueueIds.next();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(receivedHeader(queueId).getBytes(StandardCharsets.UTF_8));
        long limit = cf.messageSizeLimit() > 0 ? cf.messageSizeLimit() : Long.MAX_VALUE;
        long size = 0;
        boolean tooBig = false;
        while (true) {
            armTimeout();
            byte[] line;
            try {
                // Message lines may be longer than commands; the size limit bounds them all.
                line = in.readLine((int) Math.min(Math.max(limit, cf.lineLengthLimit()), 1 << 20));
            } catch (SmtpLineReader.LineTooLongException e) {
                tooBig = true;
                continue;
            }
            if (line == null) {
                throw new IOException("connection closed during DATA");
            }
            if (line.length == 1 && line[0] == '.') {
                break;
            }
            int skip = line.length > 0 && line[0] == '.' ? 1 : 0;   // dot-stuffing
            size += line.length - skip + 2;
            if (size > limit) {
                tooBig = true;
            }
            if (!tooBig) {
                message.write(line, skip, line.length - skip);
                message.write('\r');
                message.write('\n');
            }
        }
        if (tooBig) {
            resetTransaction();
            reply("552 5.3.4 Error: message file too big");
            return;
        }
        try {
            folder.store(queueId, message.toByteArray());
        } catch (IOException e) {
            LOG.error("cannot store message {}: {}", queueId, e.toString());
            resetTransaction();
            reply("451 4.3.0 Error: queue file write error");
            return;
        }
        LOG.info("{}: from=<{}>, nrcpt={}, sasl_username={}", queueId, mailFrom, recipients.size(), authUser);
        resetTransaction();
        reply("250 2.0.0 Ok: queued as " + queueId);
    }

    private String receivedHeader(String queueId) {
        InetAddress client = socket.getInetAddress();
        // RFC 3848's with-protocol names, as Postfix writes them.
        String protocol = esmtp ? "ESMTP" + (tls != null ? "S" : "") + (authUser != null ? "A" : "") : "SMTP";
        StringBuilder h = new StringBuilder();
        h.append("Received: from ").append(helo == null ? "unknown" : helo)
                .append(" (unknown [").append(client.getHostAddress()).append("])\r\n");
        if (tls != null) {
            h.append("\t(using ").append(tls.getProtocol()).append(" with cipher ").append(tls.getCipherSuite())
                    .append(")\r\n\t(No client certificate requested)\r\n");
        }
        if (authUser != null && cf.saslAuthenticatedHeader()) {
            h.append("\t(Authenticated sender: ").append(authUser).append(")\r\n");
        }
        h.append("\tby ").append(cf.myhostname()).append(" (").append(cf.mailName()).append(") with ")
                .append(protocol).append(" id ").append(queueId).append("\r\n");
        if (recipients.size() == 1) {
            h.append("\tfor <").append(recipients.get(0)).append(">; ");
        } else {
            h.append("\t; ");
        }
        h.append(RFC5322.format(ZonedDateTime.now())).append("\r\n");
        return h.toString();
    }

    private void resetTransaction() {
        mailFrom = null;
        recipients.clear();
    }

    private void reply(String line) throws IOException {
        write(line + "\r\n");
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void quietly(String line) {
        try {
            reply(line);
        } catch (IOException ignored) {
            // The client is gone; nothing to tell it.
        }
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
