package io.jeeves.asl.runtime;

import io.jeeves.asl.AslError;

/**
 * A Task state's Resource: a Lambda function ARN ({@code arn:aws:lambda:…:function:name}) or a service
 * integration ({@code arn:aws:states:::service:action[.pattern]}).
 *
 * @param service "lambda" for a function ARN or lambda:invoke; else the integration's service
 * @param action "invoke" for functions; else the integration's action (sendMessage, getItem, ...)
 * @param pattern the integration pattern
 * @param functionArn the function ARN of the legacy form, else null
 */
public record TaskResource(String arn, String service, String action, Pattern pattern, String functionArn) {

    /** How Step Functions waits for the task. */
    public enum Pattern { REQUEST_RESPONSE, WAIT_FOR_TASK_TOKEN, SYNC, SYNC2 }

    public boolean legacyLambda() {
        return functionArn != null;
    }

    /** Parses a Resource; an unsupported form is a States.Runtime error. */
    public static TaskResource parse(String arn) {
        if (arn.startsWith("arn:aws:lambda:")) {
            return new TaskResource(arn, "lambda", "invoke", Pattern.REQUEST_RESPONSE, arn);
        }
        String prefix = "arn:aws:states:::";
        if (arn.startsWith(prefix)) {
            String rest = arn.substring(prefix.length());
            int colon = rest.indexOf(':');
            if (colon > 0) {
                String service = rest.substring(0, colon);
                String action = rest.substring(colon + 1);
                Pattern pattern = Pattern.REQUEST_RESPONSE;
                if (action.endsWith(".waitForTaskToken")) {
                    pattern = Pattern.WAIT_FOR_TASK_TOKEN;
                    action = action.substring(0, action.length() - ".waitForTaskToken".length());
                } else if (action.endsWith(".sync:2")) {
                    pattern = Pattern.SYNC2;
                    action = action.substring(0, action.length() - ".sync:2".length());
                } else if (action.endsWith(".sync")) {
                    pattern = Pattern.SYNC;
                    action = action.substring(0, action.length() - ".sync".length());
                }
                return new TaskResource(arn, service, action, pattern, null);
            }
        }
        throw AslError.runtime("Unsupported Task resource: " + arn);
    }
}
