package org.jsasl.examples.cli;

/** The text {@code jsasl --help} prints. */
final class Usage {

    static final String TEXT = String.join("\n",
            "usage: jsasl <command> [options]",
            "",
            "Commands:",
            "  check --config FILE [--service NAME] [--realm REALM] [--mech PLAIN|LOGIN] USER",
            "      Reads USER's password from standard input (one line) and runs a real SASL",
            "      exchange against the configuration. Prints OK, NO: reason or",
            "      TEMPFAIL: reason and exits 0, 1 or 2.",
            "  check --config FILE [--service NAME] [--realm REALM] [--mech PLAIN|LOGIN] --batch",
            "      Reads user<TAB>password lines from standard input and prints one verdict",
            "      per line, in order. Exits 0 if all were OK, else 2 if any was TEMPFAIL,",
            "      else 1.",
            "  mechs --config FILE [--policy KEYWORDS]",
            "      Lists the mechanisms the configuration offers, one per line, as Cyrus'",
            "      pluginviewer does. KEYWORDS is a comma-separated list of noplaintext,",
            "      noactive, nodictionary, forward_secrecy, noanonymous, pass_credentials,",
            "      mutual_auth.",
            "  hash [--format sha512|sha256|md5|bcrypt|yescrypt|des] [--rounds N]",
            "      Reads a password from standard input (one line) and prints a crypt(3)",
            "      hash of it that libxcrypt verifies. --rounds: SHA rounds (1000-999999999),",
            "      bcrypt cost (4-31) or yescrypt cost (1-11).",
            "  hash --verify",
            "      Reads password<TAB>hash lines and prints OK, NO or UNSUPPORTED: reason",
            "      for each, in order (a bare crypt(3) hash or a {SCHEME}-prefixed one).",
            "      Exits 0 if all were OK, else 1.",
            "  passwd --config FILE [--realm REALM] USER",
            "      Reads a new password from standard input (one line) and stores it through",
            "      sql_insert/sql_update, hashed as password_format says (SHA-512-crypt for",
            "      crypt). Prints OK or TEMPFAIL: reason and exits 0 or 2.",
            "  hash --info",
            "      Lists the crypt(3) formats and what computes each here: java, native",
            "      (the system's libxcrypt) or unavailable.",
            "",
            "Options:",
            "  --config FILE    the Cyrus SASL configuration file (smtpd.conf)",
            "  --service NAME   the SASL service name (default: smtp)",
            "  --realm REALM    the realm appended to user names without '@'",
            "  --mech NAME      the mechanism to run: PLAIN (default) or LOGIN",
            "  --help           print this text",
            "",
            "Input lines are at most 4096 bytes, without the line end.",
            "Exit status: 0 OK, 1 NO, 2 TEMPFAIL, 64 usage or configuration error,",
            "69 hash format unavailable on this machine.",
            "");

    private Usage() {
    }
}
