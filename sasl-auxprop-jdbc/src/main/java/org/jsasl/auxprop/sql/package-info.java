/**
 * The {@code sql} auxprop plugin: {@code userPassword} and other properties from a database over
 * JDBC, configured by Cyrus' {@code sql_*} options. Built in its own issue; the module exists so the
 * layout is in place.
 */
package org.jsasl.auxprop.sql;
