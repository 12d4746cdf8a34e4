/**
 * The saslauthd protocol, server side: the four counted strings Cyrus libsasl2 sends with
 * {@code pwcheck_method: saslauthd} (and {@code testsaslauthd}), answered {@code OK} or {@code NO}.
 */
package org.jsasl.authd.saslauthd;
