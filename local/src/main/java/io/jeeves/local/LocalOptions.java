package io.jeeves.local;

import java.nio.file.Path;

/**
 * Command-line options of the local stack.
 *
 * @param dynamoDbPort 0 picks a free port
 */
record LocalOptions(String host, int port, Path dataDir, boolean inMemory, int dynamoDbPort, String tablePrefix) {

    static final String USAGE = """
            Usage: jeeves-local [options]
              --port N            HTTP API port (default 8080; 0 picks a free port)
              --host H            address to bind (default 127.0.0.1)
              --data DIR          data folder: tables, signing key, endpoints.json (default .jeeves)
              --in-memory         keep nothing: tables and signing key live in memory only
              --dynamodb-port N   DynamoDB Local port (default 8000; 0 picks a free port)
              --help              this text
            """;

    static LocalOptions defaults() {
        return new LocalOptions("127.0.0.1", 8080, Path.of(".jeeves"), false, 8000, "jeeves-");
    }

    /** Parses {@code args}; a mistake throws IllegalArgumentException with a message for the user. */
    static LocalOptions parse(String[] args) {
        LocalOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--in-memory" -> o = new LocalOptions(o.host, o.port, o.dataDir, true, o.dynamoDbPort, o.tablePrefix);
                case "--port" -> o = new LocalOptions(o.host, port(a, value(args, ++i, a)), o.dataDir, o.inMemory,
                        o.dynamoDbPort, o.tablePrefix);
                case "--dynamodb-port" -> o = new LocalOptions(o.host, o.port, o.dataDir, o.inMemory,
                        port(a, value(args, ++i, a)), o.tablePrefix);
                case "--host" -> o = new LocalOptions(value(args, ++i, a), o.port, o.dataDir, o.inMemory, o.dynamoDbPort,
                        o.tablePrefix);
                case "--data" -> o = new LocalOptions(o.host, o.port, Path.of(value(args, ++i, a)), o.inMemory,
                        o.dynamoDbPort, o.tablePrefix);
                default -> throw new IllegalArgumentException("Unknown option: " + a);
            }
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String option, String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65_535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number (0-65535), got '" + value + "'");
        }
    }
}
