/**
 * The {@code authdaemond} password verifier, a client of courier-authlib's authdaemond socket.
 * Built in its own issue; the module exists so the layout is in place.
 */
package org.jsasl.pwcheck.authdaemond;
