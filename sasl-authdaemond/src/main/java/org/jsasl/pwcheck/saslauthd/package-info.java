/** {@code pwcheck_method: saslauthd}: a client of Cyrus' saslauthd socket. */
package org.jsasl.pwcheck.saslauthd;
