package io.jeeves.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs in a fresh JVM and does what Lambda's Java runtime does for one cold invocation: load the handler
 * class, instantiate it, invoke it with the event (a stream handler gets the bytes; a POJO handler gets
 * the event deserialised to a map, and its result serialised), then print a marker on stderr and exit.
 * Self-contained (JDK, aws-lambda-java-core, Jackson), so it runs against any handler jar.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        Object h = Class.forName(args[0]).getDeclaredConstructor().newInstance();
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        Context ctx = context();
        String response;
        if (h instanceof RequestStreamHandler s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.handleRequest(new ByteArrayInputStream(event), out, ctx);
            response = out.toString(StandardCharsets.UTF_8);
        } else {
            ObjectMapper runtimeSerialisation = new ObjectMapper();
            Object input = runtimeSerialisation.readValue(event, Map.class);
            response = runtimeSerialisation.writeValueAsString(((RequestHandler) h).handleRequest(input, ctx));
        }
        System.err.println("jeeves-probe-done " + response.substring(0, Math.min(60, response.length())).replace('\n', ' '));
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    private static Context context() {
        return new Context() {
            public String getAwsRequestId() {
                return "cold-start-probe";
            }

            public String getLogGroupName() {
                return "/aws/lambda/probe";
            }

            public String getLogStreamName() {
                return "probe";
            }

            public String getFunctionName() {
                return "probe";
            }

            public String getFunctionVersion() {
                return "$LATEST";
            }

            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:000000000000:function:probe";
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return 30_000;
            }

            public int getMemoryLimitInMB() {
                return 1024;
            }

            public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    public void log(String message) {
                        System.out.print(message);
                    }

                    public void log(byte[] message) {
                        System.out.print(new String(message, StandardCharsets.UTF_8));
                    }
                };
            }
        };
    }
}
