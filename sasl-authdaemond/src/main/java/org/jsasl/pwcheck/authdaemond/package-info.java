/**
 * {@code pwcheck_method: authdaemond}: a client of courier-authlib's authdaemond socket, as the
 * Gentoo guide's Postfix + courier setup uses it.
 */
package org.jsasl.pwcheck.authdaemond;
