/*
 * cyrus-check: drives real Cyrus SASL (libsasl2) as a server, one PLAIN authentication per input
 * line "user<TAB>password", to measure it beside jsasl on the same data.
 *
 * Usage: cyrus-check CONFDIR [VERDICTS] < input
 *
 * Cyrus reads CONFDIR/smtpd.conf and nothing else: the config path comes from a
 * SASL_CB_GETCONFPATH callback, so no file under /etc matters. For each line the driver runs
 * sasl_server_new, sasl_server_start("PLAIN", "\0user\0password") and sasl_dispose, as a
 * Postfix smtpd does per connection. It writes one verdict per line to VERDICTS ("OK" or
 * "NO: <Cyrus result code>", never the password) and prints one summary line on stdout.
 */
#define _GNU_SOURCE
#include <sasl/sasl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Longer lines are refused rather than split, so that no part of a password becomes a user. */
#define MAX_LINE 1024
/* Warnings and errors are printed, but only this many, so a misconfiguration cannot flood. */
#define MAX_LOGGED 20

static const char *conf_dir;
static long log_count;

static int get_conf_path(void *context, char **path)
{
    (void) context;
    *path = (char *) conf_dir;
    return SASL_OK;
}

/*
 * Like Postfix' callback when not verbose: notes and debug messages are dropped. The sql plugin
 * hands a dozen or more of them per login to the callback, formatted, whatever log_level says,
 * so that cost is Cyrus' own and is part of what is measured.
 */
static int log_message(void *context, int level, const char *message)
{
    (void) context;
    if (level > SASL_LOG_WARN) {
        return SASL_OK;
    }
    if (log_count++ < MAX_LOGGED) {
        fprintf(stderr, "cyrus-check: libsasl2 log (level %d): %s\n", level, message);
    }
    return SASL_OK;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double) (now.tv_sec - start->tv_sec) + (double) (now.tv_nsec - start->tv_nsec) / 1e9;
}

/* One PLAIN exchange on a fresh connection; returns Cyrus' result code. */
static int authenticate(const char *user, size_t user_len, const char *password, size_t password_len)
{
    char message[MAX_LINE + 2];
    size_t len = 0;
    sasl_conn_t *conn = NULL;
    const char *out;
    unsigned out_len;
    int rc;

    /* "\0user\0password": an empty authorization identity, as mail clients send it. */
    message[len++] = '\0';
    memcpy(message + len, user, user_len);
    len += user_len;
    message[len++] = '\0';
    memcpy(message + len, password, password_len);
    len += password_len;

    rc = sasl_server_new("smtp", "localhost", NULL, NULL, NULL, NULL, 0, &conn);
    if (rc == SASL_OK) {
        rc = sasl_server_start(conn, "PLAIN", message, (unsigned) len, &out, &out_len);
    }
    if (conn != NULL) {
        sasl_dispose(&conn);
    }
    explicit_bzero(message, sizeof message);
    return rc;
}

int main(int argc, char **argv)
{
    static sasl_callback_t callbacks[] = {
        { SASL_CB_GETCONFPATH, (int (*)(void)) get_conf_path, NULL },
        { SASL_CB_LOG, (int (*)(void)) log_message, NULL },
        { SASL_CB_LIST_END, NULL, NULL },
    };
    char line[MAX_LINE + 2];
    long logins = 0, ok = 0, failed = 0;
    struct timespec start;
    double init_seconds, loop_seconds;
    FILE *verdicts = NULL;
    int rc;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: cyrus-check CONFDIR [VERDICTS] < user<TAB>password lines\n");
        return 2;
    }
    conf_dir = argv[1];
    if (argc == 3 && (verdicts = fopen(argv[2], "w")) == NULL) {
        perror(argv[2]);
        return 2;
    }

    clock_gettime(CLOCK_MONOTONIC, &start);
    /* appname "smtpd": Cyrus reads CONFDIR/smtpd.conf, as for Postfix' default smtpd_sasl_path. */
    rc = sasl_server_init(callbacks, "smtpd");
    if (rc != SASL_OK) {
        fprintf(stderr, "cyrus-check: sasl_server_init failed: %s\n", sasl_errstring(rc, NULL, NULL));
        return 1;
    }
    init_seconds = seconds_since(&start);

    clock_gettime(CLOCK_MONOTONIC, &start);
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t n = strlen(line);
        char *tab;
        if (n > 0 && line[n - 1] == '\n') {
            line[--n] = '\0';
        } else if (!feof(stdin)) {
            fprintf(stderr, "cyrus-check: line %ld is longer than %d bytes\n", logins + 1, MAX_LINE);
            explicit_bzero(line, sizeof line);
            return 2;
        }
        logins++;
        tab = memchr(line, '\t', n);
        rc = tab == NULL ? SASL_BADPARAM
                         : authenticate(line, (size_t) (tab - line), tab + 1, n - (size_t) (tab - line) - 1);
        explicit_bzero(line, sizeof line);
        if (rc == SASL_OK) {
            ok++;
        } else {
            failed++;
        }
        if (verdicts != NULL) {
            if (rc == SASL_OK) {
                fputs("OK\n", verdicts);
            } else {
                fprintf(verdicts, "NO: %s\n", sasl_errstring(rc, NULL, NULL));
            }
        }
    }
    loop_seconds = seconds_since(&start);
    if (verdicts != NULL && fclose(verdicts) != 0) {
        perror(argv[2]);
        return 2;
    }
    sasl_server_done();

    printf("cyrus-check: logins %ld ok %ld failed %ld init_s %.3f elapsed_s %.3f logins_per_s %.0f warnings %ld\n",
           logins, ok, failed, init_seconds, loop_seconds, loop_seconds > 0 ? logins / loop_seconds : 0.0,
           log_count);
    return 0;
}
