package io.jeeves.local;

import java.nio.file.Path;

/**
 * Command-line options of the local stack. A port of 0 picks a free port.
 *
 * @param port the HTTP API
 * @param awsPort Step Functions and Lambda (one endpoint serves both APIs)
 */
record LocalOptions(String host, int port, Path dataDir, boolean inMemory, int dynamoDbPort, int sqsPort, int s3Port,
        int awsPort, String tablePrefix, boolean corpusFunctions) {

    static final String USAGE = """
            Usage: jeeves-local [options]
              --port N            HTTP API port (default 8080; 0 picks a free port)
              --host H            address to bind (default 127.0.0.1)
              --data DIR          data folder: tables, queues, buckets, executions, signing key, endpoints.json
                                  (default .jeeves)
              --in-memory         keep nothing: everything lives in memory only
              --dynamodb-port N   DynamoDB Local port (default 8000)
              --sqs-port N        SQS port (default 9324)
              --s3-port N         S3 port (default 9090)
              --sfn-port N        Step Functions and Lambda port (default 8083)
              --corpus-functions  also register the conformance corpus's fake functions (echo, add, fail,
                                  flaky, corpus-reset), to run conformance/run-cli.sh
              --help              this text
            """;

    static LocalOptions defaults() {
        return new LocalOptions("127.0.0.1", 8080, Path.of(".jeeves"), false, 8000, 9324, 9090, 8083, "jeeves-", false);
    }

    /** Free ports, nothing kept: tests and benchmarks. */
    static LocalOptions ephemeral() {
        return new LocalOptions("127.0.0.1", 0, null, true, 0, 0, 0, 0, "jeeves-", false);
    }

    /** Parses {@code args}; a mistake throws IllegalArgumentException with a message for the user. */
    static LocalOptions parse(String[] args) {
        LocalOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            o = switch (a) {
                case "--in-memory" -> new LocalOptions(o.host, o.port, o.dataDir, true, o.dynamoDbPort, o.sqsPort, o.s3Port,
                        o.awsPort, o.tablePrefix, o.corpusFunctions);
                case "--corpus-functions" -> new LocalOptions(o.host, o.port, o.dataDir, o.inMemory, o.dynamoDbPort,
                        o.sqsPort, o.s3Port, o.awsPort, o.tablePrefix, true);
                case "--port" -> o.withPorts(port(a, value(args, ++i, a)), o.dynamoDbPort, o.sqsPort, o.s3Port, o.awsPort);
                case "--dynamodb-port" -> o.withPorts(o.port, port(a, value(args, ++i, a)), o.sqsPort, o.s3Port, o.awsPort);
                case "--sqs-port" -> o.withPorts(o.port, o.dynamoDbPort, port(a, value(args, ++i, a)), o.s3Port, o.awsPort);
                case "--s3-port" -> o.withPorts(o.port, o.dynamoDbPort, o.sqsPort, port(a, value(args, ++i, a)), o.awsPort);
                case "--sfn-port" -> o.withPorts(o.port, o.dynamoDbPort, o.sqsPort, o.s3Port, port(a, value(args, ++i, a)));
                case "--host" -> new LocalOptions(value(args, ++i, a), o.port, o.dataDir, o.inMemory, o.dynamoDbPort,
                        o.sqsPort, o.s3Port, o.awsPort, o.tablePrefix, o.corpusFunctions);
                case "--data" -> new LocalOptions(o.host, o.port, Path.of(value(args, ++i, a)), o.inMemory, o.dynamoDbPort,
                        o.sqsPort, o.s3Port, o.awsPort, o.tablePrefix, o.corpusFunctions);
                default -> throw new IllegalArgumentException("Unknown option: " + a);
            };
        }
        return o;
    }

    LocalOptions withPorts(int api, int dynamodb, int sqs, int s3, int aws) {
        return new LocalOptions(host, api, dataDir, inMemory, dynamodb, sqs, s3, aws, tablePrefix, corpusFunctions);
    }

    LocalOptions withData(Path dir) {
        return new LocalOptions(host, port, dir, dir == null, dynamoDbPort, sqsPort, s3Port, awsPort, tablePrefix,
                corpusFunctions);
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
