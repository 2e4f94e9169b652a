package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task integration (Lambda, SQS, DynamoDB, ...). It runs the call and returns its result, or throws an
 * {@link io.jeeves.asl.AslError} named as AWS names the failure (a Lambda function's error type, or e.g.
 * {@code SQS.AmazonSQSException}).
 */
public interface TaskInvoker {

    /**
     * @param call the resource and the task's effective parameters
     * @return the task result (for the callback pattern: the integration's immediate response, ignored)
     */
    JsonNode invoke(TaskCall call);
}
