"""Python's smtplib against jsasl's example SMTP server (RealClientsTest).

usage: smtplib_client.py HOST PORT MODE USER    (the password is the first line of stdin)
MODE: PLAIN-IR, PLAIN-NOIR, LOGIN-IR, LOGIN-NOIR (AUTH with or without an initial response), or
CANCEL (AUTH LOGIN answered with "*").
Prints one line: "OK <code>" or "AUTHFAIL <code> <text>" (smtplib.SMTPAuthenticationError), or
for CANCEL "CANCEL <code> <text>". The password is never printed.
"""
import smtplib
import sys

host, port, mode, user = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
password = sys.stdin.readline().rstrip("\n")

with smtplib.SMTP(host, port, timeout=10) as smtp:
    smtp.ehlo("example.com")
    if mode == "CANCEL":
        code, _ = smtp.docmd("AUTH", "LOGIN")
        if code != 334:
            print("UNEXPECTED", code)
            sys.exit(1)
        code, text = smtp.docmd("*")
        print("CANCEL", code, text.decode())
        sys.exit(0)
    mechanism, initial = mode.split("-")
    # smtp.login() would pick the mechanism itself and always send an initial response; auth()
    # lets the test choose both. auth_plain / auth_login read smtp.user and smtp.password.
    smtp.user, smtp.password = user, password
    authobject = smtp.auth_plain if mechanism == "PLAIN" else smtp.auth_login
    try:
        code, _ = smtp.auth(mechanism, authobject, initial_response_ok=(initial == "IR"))
        print("OK", code)
    except smtplib.SMTPAuthenticationError as e:
        print("AUTHFAIL", e.smtp_code, e.smtp_error.decode())
