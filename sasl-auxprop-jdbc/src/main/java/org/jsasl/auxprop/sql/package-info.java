/**
 * The {@code sql} auxprop plugin: {@code userPassword} and other properties from PostgreSQL,
 * MariaDB/MySQL or SQLite over JDBC, configured by Cyrus' {@code sql_*} options, pooled and with
 * every user input bound as a parameter.
 */
package org.jsasl.auxprop.sql;
