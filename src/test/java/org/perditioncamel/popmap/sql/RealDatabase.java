package org.perditioncamel.popmap.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A private database, user and perdition table on the real PostgreSQL or MariaDB of this machine (.ci/run starts
 * them): unique names, dropped by {@link #close()}. Only loopback, as the administrator the servers trust.
 */
public abstract class RealDatabase implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    public static final String PASSWORD = "pc-Secret1";

    final String name = "pc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Server server;

    /** perdition's Debian map library for the server, where it listens, its JDBC driver and administrator. */
    record Server(String library, int port, String driver, String adminUser) {
    }

    RealDatabase(Server server) {
        this.server = server;
    }

    /** The private database's name, which is also its user's. */
    public String name() {
        return name;
    }

    /** The JDBC URL the private user connects with. */
    public String url() {
        return adminUrl(name);
    }

    /** Runs statements in the private database as the administrator, e.g. a table of one's own; {@code %user} is
     * replaced by the private user as GRANT names it. */
    public void execute(String... statements) throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl(name), adminUser(), "");
             Statement s = admin.createStatement()) {
            for (String statement : statements) {
                s.execute(statement.replace("%user", grantee()));
            }
        }
    }

    String library() {
        return server.library();
    }

    public int port() {
        return server.port();
    }

    String adminUrl(String database) {
        return "jdbc:" + server.driver() + "://" + HOST + ":" + server.port() + "/" + database;
    }

    String adminUser() {
        return server.adminUser();
    }

    abstract List<String> createStatements();

    /** perdition's table with its default name and columns; user, server, port as strings (null for NULL). */
    abstract String tableStatement();

    abstract List<String> dropStatements();

    /** map_library_opt for this database with perdition's default table and columns. */
    String opt(String hosts) {
        return hosts + ":" + port() + ":" + name + ":tblPerdition:" + name + ":" + PASSWORD;
    }

    public RealDatabase create(List<String[]> rows) throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl(defaultDatabase()), adminUser(), "");
             Statement s = admin.createStatement()) {
            for (String statement : createStatements()) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new SQLException("the real database on " + HOST + ":" + port() + " is needed (.ci/run starts it): "
                    + e.getMessage(), e);
        }
        try (Connection admin = DriverManager.getConnection(adminUrl(name), adminUser(), "");
             Statement s = admin.createStatement()) {
            s.execute(tableStatement());
            s.execute("GRANT SELECT ON tblPerdition TO " + grantee());
            for (String[] row : rows) {
                s.execute("INSERT INTO tblPerdition VALUES (" + literal(row[0]) + ", " + literal(row[1]) + ", "
                        + literal(row[2]) + ")");
            }
        }
        return this;
    }

    String defaultDatabase() {
        return "test";
    }

    String grantee() {
        return name;
    }

    /** Test data written by the test itself, never by a user: quoting is enough here. */
    private static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl(defaultDatabase()), adminUser(), "");
             Statement s = admin.createStatement()) {
            for (String statement : dropStatements()) {
                s.execute(statement);
            }
        }
    }

    public static final class Postgresql extends RealDatabase {
        public Postgresql() {
            super(new Server("/usr/lib/x86_64-linux-gnu/libperditiondb_postgresql.so.0", 5432, "postgresql", "postgres"));
        }

        @Override
        List<String> createStatements() {
            return List.of("CREATE ROLE " + name + " LOGIN PASSWORD '" + PASSWORD + "'", "CREATE DATABASE " + name);
        }

        /** char(n) as in perdition-postgresql's example schema: the padding is why perdition cuts at a space. */
        @Override
        String tableStatement() {
            return "CREATE TABLE tblPerdition (\"user\" VARCHAR(128) NOT NULL, servername CHAR(64), port CHAR(8))";
        }

        @Override
        List<String> dropStatements() {
            return List.of("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "DROP ROLE IF EXISTS " + name);
        }
    }

    public static final class MariaDb extends RealDatabase {
        public MariaDb() {
            super(new Server("/usr/lib/x86_64-linux-gnu/libperditiondb_mysql.so.0", 3306, "mariadb", "root"));
        }

        @Override
        String grantee() {
            return "'" + name + "'@'%'";
        }

        @Override
        List<String> createStatements() {
            return List.of("CREATE DATABASE " + name, "CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                    "CREATE USER '" + name + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT SELECT ON " + name + ".* TO '" + name + "'@'localhost'");
        }

        /** perdition-mysql's schema (its README): user, servername, port. */
        @Override
        String tableStatement() {
            return "CREATE TABLE tblPerdition (user VARCHAR(128) NOT NULL, servername VARCHAR(255), port VARCHAR(8))";
        }

        @Override
        List<String> dropStatements() {
            return List.of("DROP DATABASE IF EXISTS " + name, "DROP USER IF EXISTS '" + name + "'@'%'",
                    "DROP USER IF EXISTS '" + name + "'@'localhost'");
        }
    }
}
