package io.jeeves.catalog;

import java.util.List;
import java.util.Map;

/**
 * One Lambda function of the bundle.
 *
 * @param name logical name ("CreateProcess"); deployed as {@code <prefix>-<name>}
 * @param handlerClass the {@code RequestStreamHandler} class in the functions jar
 * @param routes HTTP routes served (none for scheduled or internal functions)
 * @param tables table id → access the function needs (least privilege)
 * @param schedule an EventBridge schedule expression, or null
 */
public record FunctionSpec(String name, String handlerClass, String description, List<RouteSpec> routes,
        Map<String, Access> tables, String schedule) {

    public enum Access { READ, WRITE }
}
