package org.perditioncamel.popmap.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * perdition's map_library_opt for its MySQL, PostgreSQL and ODBC maps:
 * {@code dbhosts:dbport:dbname:dbtable:dbuser:dbpwd:dbservercol:dbusercol:dbportcol}, split on {@code :}.
 * Omitted trailing fields keep their defaults; an empty field in the middle is an empty string, as in perdition.
 *
 * @param hosts        dbhosts split on commas, tried in order
 * @param port         dbport as written ("" or "0": the library's default port)
 * @param portColumn   "" means the table has no port column
 */
public record PerditionDbOptions(List<String> hosts, String port, String database, String table, String user,
                                 String password, String serverColumn, String userColumn, String portColumn) {
    static final String DEFAULT_HOST = "localhost";
    static final String DEFAULT_TABLE = "tblPerdition";
    static final String DEFAULT_USER = "perdition";
    static final String DEFAULT_PASSWORD = "perdition";
    static final String DEFAULT_SERVER_COLUMN = "servername";
    static final String DEFAULT_USER_COLUMN = "user";
    static final String DEFAULT_PORT_COLUMN = "port";
    static final int FIELDS = 9;

    public PerditionDbOptions {
        hosts = List.copyOf(hosts);
    }

    /** The options for {@code library}; an absent map_library_opt gives all defaults. */
    public static PerditionDbOptions parse(String opt, SqlMapLibrary library) {
        String[] f = {DEFAULT_HOST, "", library.defaultDatabase(), DEFAULT_TABLE, DEFAULT_USER, DEFAULT_PASSWORD,
                DEFAULT_SERVER_COLUMN, DEFAULT_USER_COLUMN, DEFAULT_PORT_COLUMN};
        if (opt != null && !opt.isEmpty()) {
            String[] given = opt.split(":", -1);
            if (given.length > FIELDS) {
                // a colon in the password cannot be written in perdition's format either
                throw new IllegalArgumentException("map_library_opt has " + given.length + " fields separated by ':', "
                        + "at most " + FIELDS + " (dbhosts:dbport:dbname:dbtable:dbuser:dbpwd:dbservercol:dbusercol:"
                        + "dbportcol); a ':' inside a value cannot be written, use popmap.sql.url and popmap.sql.password");
            }
            System.arraycopy(given, 0, f, 0, given.length);
        }
        List<String> hosts = new ArrayList<>();
        for (String host : f[0].split(",")) {
            if (!host.isBlank()) {
                hosts.add(host.trim());
            }
        }
        return new PerditionDbOptions(hosts, f[1].trim(), f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
    }

    /** The options as written, the password masked: a record's own toString would print it. */
    @Override
    public String toString() {
        return "PerditionDbOptions[hosts=" + hosts + ", port=" + port + ", database=" + database + ", table=" + table
                + ", user=" + user + ", password=****, serverColumn=" + serverColumn + ", userColumn=" + userColumn
                + ", portColumn=" + portColumn + "]";
    }

    /** dbport as a number, the library's default for "" and 0; IllegalArgumentException for anything else. */
    int portOr(int defaultPort) {
        if (port.isEmpty()) {
            return defaultPort;
        }
        int n;
        try {
            n = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("map_library_opt: dbport is not a number: " + port, e);
        }
        if (n < 0 || n > 65535) {
            throw new IllegalArgumentException("map_library_opt: dbport out of range: " + port);
        }
        return n == 0 ? defaultPort : n;
    }
}
