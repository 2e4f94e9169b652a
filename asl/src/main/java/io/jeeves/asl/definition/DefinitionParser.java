package io.jeeves.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.InvalidDefinitionException;
import io.jeeves.asl.StatesError;
import io.jeeves.asl.path.JsonPaths;
import io.jeeves.asl.path.PayloadTemplate;
import io.jeeves.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates an Amazon States Language (JSONPath) definition. Every problem is collected and
 * named AWS-style, e.g. {@code MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next}, so
 * an invalid definition is refused at creation with all its faults at once.
 */
public final class DefinitionParser {
    private static final Set<String> TOP = Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version",
            "QueryLanguage");
    private static final Set<String> BRANCH = Set.of("Comment", "StartAt", "States", "ProcessorConfig");
    private static final Map<StateType, Set<String>> FIELDS = Map.of(
            StateType.Pass, Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result"),
            StateType.Task, Set.of("Next", "End", "Resource", "InputPath", "OutputPath", "ResultPath", "Parameters",
                    "ResultSelector", "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
                    "HeartbeatSecondsPath", "Credentials"),
            StateType.Choice, Set.of("Choices", "Default", "InputPath", "OutputPath"),
            StateType.Wait, Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath",
                    "TimestampPath"),
            StateType.Succeed, Set.of("InputPath", "OutputPath"),
            StateType.Fail, Set.of("Error", "Cause", "ErrorPath", "CausePath"),
            StateType.Parallel, Set.of("Next", "End", "Branches", "InputPath", "OutputPath", "ResultPath", "Parameters",
                    "ResultSelector", "Retry", "Catch"),
            StateType.Map, Set.of("Next", "End", "Iterator", "ItemProcessor", "ItemsPath", "ItemSelector", "Parameters",
                    "MaxConcurrency", "MaxConcurrencyPath", "InputPath", "OutputPath", "ResultPath", "ResultSelector",
                    "Retry", "Catch", "Label"));

    private final List<String> problems = new ArrayList<>();

    private DefinitionParser() {
    }

    /** Parses {@code definition}; throws {@link InvalidDefinitionException} listing every problem. */
    public static StateMachineDefinition parse(String definition) {
        JsonNode root;
        try {
            root = Json.read(definition);
        } catch (IOException e) {
            throw new InvalidDefinitionException(List.of("INVALID_JSON_DESCRIPTION: " + e.getMessage()));
        }
        DefinitionParser p = new DefinitionParser();
        StateMachineDefinition def = p.machine(root, "", TOP);
        if (!p.problems.isEmpty()) {
            throw new InvalidDefinitionException(p.problems);
        }
        return def;
    }

    private void problem(String code, String message, String at) {
        problems.add(code + ": " + message + " at " + (at.isEmpty() ? "/" : at));
    }

    private StateMachineDefinition machine(JsonNode node, String at, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            problem("SCHEMA_VALIDATION_FAILED", "A state machine definition must be a JSON object", at);
            return new StateMachineDefinition(null, null, Map.of(), null);
        }
        unknownFields(node, allowed, at);
        if (node.has("QueryLanguage") && !"JSONPath".equals(node.path("QueryLanguage").asText())) {
            problem("SCHEMA_VALIDATION_FAILED", "Only the JSONPath query language is supported", at + "/QueryLanguage");
        }
        String startAt = text(node, "StartAt", at, true);
        JsonNode statesNode = node.get("States");
        Map<String, State> states = new LinkedHashMap<>();
        if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
            problem("SCHEMA_VALIDATION_FAILED", "The field 'States' is required and must be a non-empty object", at);
        } else {
            Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (name.isEmpty() || name.length() > 80) {
                    problem("SCHEMA_VALIDATION_FAILED", "State names are 1 to 80 characters", at + "/States/" + name);
                }
                State s = state(name, e.getValue(), at + "/States/" + name);
                if (s != null) {
                    states.put(name, s);
                }
            }
        }
        if (startAt != null && !states.isEmpty() && !states.containsKey(startAt)
                && statesNode.has(startAt) == false) {
            problem("MISSING_TRANSITION_TARGET", "Missing 'StartAt' target: " + startAt, at + "/StartAt");
        }
        checkTargets(states, at);
        if (startAt != null && states.containsKey(startAt) && states.size() == statesNode.size()) {
            checkReachability(states, startAt, at);
        }
        Integer timeout = null;
        if (node.has("TimeoutSeconds")) {
            timeout = positiveInt(node, "TimeoutSeconds", at);
        }
        return new StateMachineDefinition(optionalText(node, "Comment", at), startAt,
                Collections.unmodifiableMap(new LinkedHashMap<>(states)), timeout); // not Map.copyOf: its probing is slow for names like S1…S999
    }

    /** As AWS: a workflow needs a terminal state, and every state must be reachable from StartAt. */
    private void checkReachability(Map<String, State> states, String startAt, String at) {
        if (states.values().stream().noneMatch(State::terminal)) {
            problem("MISSING_END_STATE", "Workflow has no terminal state", at);
            return;
        }
        Set<String> reached = new java.util.HashSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(startAt));
        while (!todo.isEmpty()) {
            State s = states.get(todo.pop());
            if (s == null || !reached.add(s.name())) {
                continue;
            }
            if (s.next() != null) {
                todo.push(s.next());
            }
            if (s.defaultNext() != null) {
                todo.push(s.defaultNext());
            }
            if (s.choices() != null) {
                s.choices().forEach(c -> todo.push(c.next()));
            }
            if (s.catches() != null) {
                s.catches().forEach(c -> todo.push(c.next()));
            }
        }
        for (String name : states.keySet()) {
            if (!reached.contains(name)) {
                problem("MISSING_TRANSITION_TARGET", "State \"" + name + "\" is not reachable.", at + "/States/" + name);
            }
        }
    }

    private void checkTargets(Map<String, State> states, String at) {
        for (State s : states.values()) {
            String where = at + "/States/" + s.name();
            if (s.next() != null && !states.containsKey(s.next())) {
                problem("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + s.next(), where + "/Next");
            }
            if (s.choices() != null) {
                for (int i = 0; i < s.choices().size(); i++) {
                    String n = s.choices().get(i).next();
                    if (n != null && !states.containsKey(n)) {
                        problem("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + n, where + "/Choices/" + i + "/Next");
                    }
                }
            }
            if (s.defaultNext() != null && !states.containsKey(s.defaultNext())) {
                problem("MISSING_TRANSITION_TARGET", "Missing 'Default' target: " + s.defaultNext(), where + "/Default");
            }
            if (s.catches() != null) {
                for (int i = 0; i < s.catches().size(); i++) {
                    String n = s.catches().get(i).next();
                    if (n != null && !states.containsKey(n)) {
                        problem("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + n, where + "/Catch/" + i + "/Next");
                    }
                }
            }
        }
    }

    private State state(String name, JsonNode n, String at) {
        if (!n.isObject()) {
            problem("SCHEMA_VALIDATION_FAILED", "A state must be a JSON object", at);
            return null;
        }
        String typeName = text(n, "Type", at, true);
        StateType type;
        try {
            type = StateType.valueOf(typeName == null ? "" : typeName);
        } catch (IllegalArgumentException e) {
            if (typeName != null) {
                problem("SCHEMA_VALIDATION_FAILED", "Unknown state type '" + typeName + "'", at + "/Type");
            }
            return null;
        }
        Set<String> allowed = new java.util.HashSet<>(FIELDS.get(type));
        allowed.add("Type");
        allowed.add("Comment");
        allowed.add("QueryLanguage");
        unknownFields(n, allowed, at);

        String next = optionalText(n, "Next", at);
        boolean end = n.has("End") && n.path("End").isBoolean() && n.path("End").asBoolean();
        if (n.has("End") && !n.path("End").isBoolean()) {
            problem("SCHEMA_VALIDATION_FAILED", "'End' must be a boolean", at + "/End");
        }
        boolean transitions = type != StateType.Choice && type != StateType.Succeed && type != StateType.Fail;
        if (transitions && (next == null) == !end) {
            problem("SCHEMA_VALIDATION_FAILED", "A " + type + " state must have exactly one of 'Next' or 'End: true'", at);
        }

        PathField inputPath = path(n, "InputPath", at, false);
        PathField outputPath = path(n, "OutputPath", at, false);
        PathField resultPath = path(n, "ResultPath", at, true);
        JsonNode parameters = template(n, "Parameters", at);
        JsonNode resultSelector = template(n, "ResultSelector", at);
        List<Retrier> retry = n.has("Retry") ? retriers(n.get("Retry"), at + "/Retry") : List.of();
        List<Catcher> catches = n.has("Catch") ? catchers(n.get("Catch"), at + "/Catch") : List.of();

        String resource = null;
        Integer timeoutSeconds = null;
        Integer heartbeatSeconds = null;
        String timeoutSecondsPath = null;
        String heartbeatSecondsPath = null;
        if (type == StateType.Task) {
            resource = text(n, "Resource", at, true);
            if (resource != null && !resource.startsWith("arn:")) {
                problem("INVALID_RESOURCE", "Resource must be an ARN: " + resource, at + "/Resource");
            }
            timeoutSeconds = n.has("TimeoutSeconds") ? positiveInt(n, "TimeoutSeconds", at) : null;
            heartbeatSeconds = n.has("HeartbeatSeconds") ? positiveInt(n, "HeartbeatSeconds", at) : null;
            timeoutSecondsPath = referencePath(n, "TimeoutSecondsPath", at);
            heartbeatSecondsPath = referencePath(n, "HeartbeatSecondsPath", at);
            if (timeoutSeconds != null && timeoutSecondsPath != null) {
                problem("SCHEMA_VALIDATION_FAILED", "Only one of TimeoutSeconds and TimeoutSecondsPath", at);
            }
            if (heartbeatSeconds != null && heartbeatSecondsPath != null) {
                problem("SCHEMA_VALIDATION_FAILED", "Only one of HeartbeatSeconds and HeartbeatSecondsPath", at);
            }
            if (timeoutSeconds != null && heartbeatSeconds != null && heartbeatSeconds >= timeoutSeconds) {
                problem("SCHEMA_VALIDATION_FAILED", "HeartbeatSeconds must be smaller than TimeoutSeconds", at);
            }
        }

        List<ChoiceRule> choices = null;
        String defaultNext = null;
        if (type == StateType.Choice) {
            JsonNode c = n.get("Choices");
            if (c == null || !c.isArray() || c.isEmpty()) {
                problem("SCHEMA_VALIDATION_FAILED", "A Choice state needs a non-empty 'Choices' array", at);
                choices = List.of();
            } else {
                choices = new ArrayList<>();
                for (int i = 0; i < c.size(); i++) {
                    String where = at + "/Choices/" + i;
                    Condition cond = condition(c.get(i), where, true);
                    String ruleNext = c.get(i).path("Next").isTextual() ? c.get(i).get("Next").asText() : null;
                    if (ruleNext == null) {
                        problem("SCHEMA_VALIDATION_FAILED", "A Choice rule needs 'Next'", where);
                    }
                    choices.add(new ChoiceRule(cond, ruleNext));
                }
            }
            defaultNext = optionalText(n, "Default", at);
        }

        Long seconds = null;
        String timestamp = null;
        String secondsPath = null;
        String timestampPath = null;
        if (type == StateType.Wait) {
            int given = 0;
            if (n.has("Seconds")) {
                given++;
                if (!n.get("Seconds").canConvertToLong() || !n.get("Seconds").isIntegralNumber() || n.get("Seconds").asLong() < 0) {
                    problem("SCHEMA_VALIDATION_FAILED", "'Seconds' must be a non-negative integer", at + "/Seconds");
                } else {
                    seconds = n.get("Seconds").asLong();
                }
            }
            if (n.has("Timestamp")) {
                given++;
                timestamp = text(n, "Timestamp", at, true);
                if (timestamp != null && Timestamps.parse(timestamp) == null) {
                    problem("SCHEMA_VALIDATION_FAILED", "'Timestamp' must be an ISO-8601 timestamp", at + "/Timestamp");
                }
            }
            if (n.has("SecondsPath")) {
                given++;
                secondsPath = referencePath(n, "SecondsPath", at);
            }
            if (n.has("TimestampPath")) {
                given++;
                timestampPath = referencePath(n, "TimestampPath", at);
            }
            if (given != 1) {
                problem("SCHEMA_VALIDATION_FAILED",
                        "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath", at);
            }
        }

        String error = null;
        String errorPath = null;
        String cause = null;
        String causePath = null;
        if (type == StateType.Fail) {
            error = optionalText(n, "Error", at);
            cause = optionalText(n, "Cause", at);
            errorPath = jsonPathField(n, "ErrorPath", at);
            causePath = jsonPathField(n, "CausePath", at);
            if (error != null && errorPath != null) {
                problem("SCHEMA_VALIDATION_FAILED", "Only one of Error and ErrorPath", at);
            }
            if (cause != null && causePath != null) {
                problem("SCHEMA_VALIDATION_FAILED", "Only one of Cause and CausePath", at);
            }
        }

        List<StateMachineDefinition> branches = null;
        if (type == StateType.Parallel) {
            JsonNode b = n.get("Branches");
            if (b == null || !b.isArray() || b.isEmpty()) {
                problem("SCHEMA_VALIDATION_FAILED", "A Parallel state needs a non-empty 'Branches' array", at);
                branches = List.of();
            } else {
                branches = new ArrayList<>();
                for (int i = 0; i < b.size(); i++) {
                    branches.add(machine(b.get(i), at + "/Branches/" + i, BRANCH));
                }
            }
        }

        StateMachineDefinition iterator = null;
        String itemsPath = null;
        JsonNode itemSelector = null;
        Integer maxConcurrency = null;
        String maxConcurrencyPath = null;
        if (type == StateType.Map) {
            boolean legacy = n.has("Iterator");
            boolean processor = n.has("ItemProcessor");
            if (legacy == processor) {
                problem("SCHEMA_VALIDATION_FAILED", "A Map state needs exactly one of 'ItemProcessor' or 'Iterator'", at);
            } else {
                JsonNode p = legacy ? n.get("Iterator") : n.get("ItemProcessor");
                String mode = p.path("ProcessorConfig").path("Mode").asText("INLINE");
                if (!"INLINE".equals(mode)) {
                    problem("SCHEMA_VALIDATION_FAILED", "Only INLINE Map processing is supported locally", at
                            + "/ItemProcessor/ProcessorConfig/Mode");
                }
                iterator = machine(p, at + (legacy ? "/Iterator" : "/ItemProcessor"), BRANCH);
            }
            itemsPath = n.has("ItemsPath") ? referenceOrPath(n, "ItemsPath", at) : "$";
            itemSelector = template(n, "ItemSelector", at);
            if (itemSelector != null && parameters != null) {
                problem("SCHEMA_VALIDATION_FAILED", "Only one of ItemSelector and Parameters", at);
            }
            if (n.has("MaxConcurrency")) {
                JsonNode m = n.get("MaxConcurrency");
                if (!m.isIntegralNumber() || m.asLong() < 0 || m.asLong() > Integer.MAX_VALUE) {
                    problem("SCHEMA_VALIDATION_FAILED", "'MaxConcurrency' must be a non-negative integer", at + "/MaxConcurrency");
                } else {
                    maxConcurrency = m.asInt();
                }
            }
            maxConcurrencyPath = referencePath(n, "MaxConcurrencyPath", at);
        }

        JsonNode result = n.get("Result");
        return new State(name, type, next, end, inputPath, outputPath, resultPath, parameters, resultSelector, result,
                List.copyOf(retry), List.copyOf(catches), resource, timeoutSeconds, timeoutSecondsPath, heartbeatSeconds,
                heartbeatSecondsPath, choices == null ? null : List.copyOf(choices), defaultNext, seconds, timestamp,
                secondsPath, timestampPath, error, errorPath, cause, causePath,
                branches == null ? null : List.copyOf(branches), iterator, itemsPath, itemSelector, maxConcurrency,
                maxConcurrencyPath);
    }

    // ---- Choice conditions ----------------------------------------------------------------------------

    private Condition condition(JsonNode rule, String at, boolean topLevel) {
        if (!rule.isObject()) {
            problem("SCHEMA_VALIDATION_FAILED", "A Choice rule must be an object", at);
            return new Condition.And(List.of());
        }
        Set<String> keys = new java.util.HashSet<>();
        rule.fieldNames().forEachRemaining(keys::add);
        keys.remove("Comment");
        if (topLevel) {
            keys.remove("Next");
        } else if (keys.contains("Next")) {
            problem("SCHEMA_VALIDATION_FAILED", "'Next' is only allowed on a top-level Choice rule", at);
            keys.remove("Next");
        }
        if (keys.contains("And") || keys.contains("Or")) {
            String op = keys.contains("And") ? "And" : "Or";
            JsonNode list = rule.get(op);
            if (keys.size() != 1 || !list.isArray() || list.isEmpty()) {
                problem("SCHEMA_VALIDATION_FAILED", "'" + op + "' must be the only operator and a non-empty array", at);
                return new Condition.And(List.of());
            }
            List<Condition> inner = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                inner.add(condition(list.get(i), at + "/" + op + "/" + i, false));
            }
            return op.equals("And") ? new Condition.And(List.copyOf(inner)) : new Condition.Or(List.copyOf(inner));
        }
        if (keys.contains("Not")) {
            if (keys.size() != 1) {
                problem("SCHEMA_VALIDATION_FAILED", "'Not' must be the only operator", at);
            }
            return new Condition.Not(condition(rule.get("Not"), at + "/Not", false));
        }
        String variable = rule.path("Variable").isTextual() ? rule.get("Variable").asText() : null;
        keys.remove("Variable");
        if (variable == null) {
            problem("SCHEMA_VALIDATION_FAILED", "A comparison needs 'Variable'", at);
        } else if (!validPathOrContext(variable)) {
            problem("INVALID_JSON_PATH", "Invalid JSONPath in 'Variable': " + variable, at + "/Variable");
        }
        if (keys.size() != 1) {
            problem("SCHEMA_VALIDATION_FAILED", "A comparison needs exactly one operator, found " + keys, at);
            return new Condition.And(List.of());
        }
        String opName = keys.iterator().next();
        boolean pathForm = opName.endsWith("Path") && !opName.equals("IsPresent");
        String base = pathForm ? opName.substring(0, opName.length() - 4) : opName;
        Condition.Operator op;
        try {
            op = Condition.Operator.valueOf(base);
        } catch (IllegalArgumentException e) {
            problem("SCHEMA_VALIDATION_FAILED", "Unknown comparison operator '" + opName + "'", at);
            return new Condition.And(List.of());
        }
        JsonNode v = rule.get(opName);
        if (pathForm) {
            if (!op.hasPathForm()) {
                problem("SCHEMA_VALIDATION_FAILED", "'" + opName + "' has no Path form", at);
            }
            if (!v.isTextual() || !validPathOrContext(v.asText())) {
                problem("INVALID_JSON_PATH", "Invalid JSONPath in '" + opName + "'", at + "/" + opName);
                return new Condition.And(List.of());
            }
            return new Condition.Comparison(variable, op, null, v.asText());
        }
        boolean ok = switch (op) {
            case StringEquals, StringLessThan, StringGreaterThan, StringLessThanEquals, StringGreaterThanEquals,
                 StringMatches -> v.isTextual();
            case NumericEquals, NumericLessThan, NumericGreaterThan, NumericLessThanEquals, NumericGreaterThanEquals ->
                    v.isNumber();
            case BooleanEquals, IsNull, IsPresent, IsNumeric, IsString, IsBoolean, IsTimestamp -> v.isBoolean();
            case TimestampEquals, TimestampLessThan, TimestampGreaterThan, TimestampLessThanEquals,
                 TimestampGreaterThanEquals -> v.isTextual() && Timestamps.parse(v.asText()) != null;
        };
        if (!ok) {
            problem("SCHEMA_VALIDATION_FAILED", "The value of '" + opName + "' has the wrong type", at + "/" + opName);
        }
        return new Condition.Comparison(variable, op, v, null);
    }

    private static boolean validPathOrContext(String p) {
        return p.startsWith("$$") ? JsonPaths.isValid(p.substring(1)) : JsonPaths.isValid(p);
    }

    // ---- Retry and Catch -----------------------------------------------------------------------------

    private List<Retrier> retriers(JsonNode node, String at) {
        List<Retrier> out = new ArrayList<>();
        if (!node.isArray()) {
            problem("SCHEMA_VALIDATION_FAILED", "'Retry' must be an array", at);
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            String where = at + "/" + i;
            unknownFields(r, Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                    "JitterStrategy", "Comment"), where);
            List<String> errors = errorEquals(r, where, i == node.size() - 1);
            int interval = r.has("IntervalSeconds") ? positiveInt(r, "IntervalSeconds", where) : 1;
            int max = 3;
            if (r.has("MaxAttempts")) {
                if (!r.get("MaxAttempts").isIntegralNumber() || r.get("MaxAttempts").asLong() < 0) {
                    problem("SCHEMA_VALIDATION_FAILED", "'MaxAttempts' must be a non-negative integer", where + "/MaxAttempts");
                } else {
                    max = r.get("MaxAttempts").asInt();
                }
            }
            double backoff = 2.0;
            if (r.has("BackoffRate")) {
                if (!r.get("BackoffRate").isNumber() || r.get("BackoffRate").asDouble() < 1.0) {
                    problem("SCHEMA_VALIDATION_FAILED", "'BackoffRate' must be a number >= 1.0", where + "/BackoffRate");
                } else {
                    backoff = r.get("BackoffRate").asDouble();
                }
            }
            Integer maxDelay = r.has("MaxDelaySeconds") ? positiveInt(r, "MaxDelaySeconds", where) : null;
            String jitter = r.path("JitterStrategy").asText("NONE");
            if (!jitter.equals("NONE") && !jitter.equals("FULL")) {
                problem("SCHEMA_VALIDATION_FAILED", "'JitterStrategy' must be FULL or NONE", where + "/JitterStrategy");
            }
            out.add(new Retrier(errors, interval, max, backoff, maxDelay, jitter.equals("FULL")));
        }
        return out;
    }

    private List<Catcher> catchers(JsonNode node, String at) {
        List<Catcher> out = new ArrayList<>();
        if (!node.isArray()) {
            problem("SCHEMA_VALIDATION_FAILED", "'Catch' must be an array", at);
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String where = at + "/" + i;
            unknownFields(c, Set.of("ErrorEquals", "Next", "ResultPath", "Comment"), where);
            List<String> errors = errorEquals(c, where, i == node.size() - 1);
            String next = text(c, "Next", where, true);
            out.add(new Catcher(errors, next, path(c, "ResultPath", where, true)));
        }
        return out;
    }

    private List<String> errorEquals(JsonNode r, String at, boolean last) {
        JsonNode e = r.get("ErrorEquals");
        if (e == null || !e.isArray() || e.isEmpty()) {
            problem("SCHEMA_VALIDATION_FAILED", "'ErrorEquals' must be a non-empty array of error names", at);
            return List.of();
        }
        List<String> out = new ArrayList<>();
        e.forEach(x -> out.add(x.asText()));
        if (out.contains(StatesError.ALL) && (out.size() != 1 || !last)) {
            problem("SCHEMA_VALIDATION_FAILED", "States.ALL must appear alone and in the last retrier or catcher", at);
        }
        return List.copyOf(out);
    }

    // ---- field helpers -------------------------------------------------------------------------------

    private void unknownFields(JsonNode n, Set<String> allowed, String at) {
        n.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                problem("SCHEMA_VALIDATION_FAILED", "The field '" + f + "' is not supported by Step Functions", at + "/" + f);
            }
        });
    }

    private String text(JsonNode n, String field, String at, boolean required) {
        JsonNode v = n.get(field);
        if (v == null) {
            if (required) {
                problem("SCHEMA_VALIDATION_FAILED", "The field '" + field + "' is required", at);
            }
            return null;
        }
        if (!v.isTextual()) {
            problem("SCHEMA_VALIDATION_FAILED", "The field '" + field + "' must be a string", at + "/" + field);
            return null;
        }
        return v.asText();
    }

    private String optionalText(JsonNode n, String field, String at) {
        return text(n, field, at, false);
    }

    private Integer positiveInt(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > 99_999_999) {
            problem("SCHEMA_VALIDATION_FAILED", "'" + field + "' must be a positive integer", at + "/" + field);
            return null;
        }
        return v.asInt();
    }

    private PathField path(JsonNode n, String field, String at, boolean reference) {
        if (!n.has(field)) {
            return PathField.DEFAULT;
        }
        JsonNode v = n.get(field);
        if (v.isNull()) {
            return PathField.NULL;
        }
        if (!v.isTextual()) {
            problem("SCHEMA_VALIDATION_FAILED", "'" + field + "' must be a path or null", at + "/" + field);
            return PathField.DEFAULT;
        }
        String p = v.asText();
        boolean ok = reference ? JsonPaths.isReferencePath(p) : validPathOrContext(p);
        if (!ok) {
            problem(reference ? "INVALID_REFERENCE_PATH" : "INVALID_JSON_PATH",
                    "Invalid " + (reference ? "reference path" : "JSONPath") + " in '" + field + "': " + p, at + "/" + field);
            return PathField.DEFAULT;
        }
        return PathField.of(p);
    }

    private String referencePath(JsonNode n, String field, String at) {
        if (!n.has(field)) {
            return null;
        }
        JsonNode v = n.get(field);
        if (!v.isTextual() || !(JsonPaths.isReferencePath(v.asText()) || v.asText().startsWith("$$"))) {
            problem("INVALID_REFERENCE_PATH", "Invalid reference path in '" + field + "'", at + "/" + field);
            return null;
        }
        return v.asText();
    }

    private String referenceOrPath(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (!v.isTextual() || !validPathOrContext(v.asText())) {
            problem("INVALID_JSON_PATH", "Invalid JSONPath in '" + field + "'", at + "/" + field);
            return "$";
        }
        return v.asText();
    }

    private String jsonPathField(JsonNode n, String field, String at) {
        if (!n.has(field)) {
            return null;
        }
        JsonNode v = n.get(field);
        if (!v.isTextual()) {
            problem("SCHEMA_VALIDATION_FAILED", "'" + field + "' must be a path or an intrinsic function", at + "/" + field);
            return null;
        }
        String p = v.asText();
        if (io.jeeves.asl.intrinsic.IntrinsicFunctions.isIntrinsic(p)) {
            String wrong = io.jeeves.asl.intrinsic.IntrinsicFunctions.problem(p);
            if (wrong != null) {
                problem("SCHEMA_VALIDATION_FAILED", "Invalid intrinsic function in '" + field + "': " + wrong, at + "/" + field);
                return null;
            }
        } else if (!validPathOrContext(p)) {
            problem("INVALID_JSON_PATH", "Invalid JSONPath in '" + field + "': " + p, at + "/" + field);
            return null;
        }
        return p;
    }

    private JsonNode template(JsonNode n, String field, String at) {
        if (!n.has(field)) {
            return null;
        }
        JsonNode t = n.get(field);
        String p = PayloadTemplate.problem(t);
        if (p != null) {
            problem(p.contains("intrinsic function call") ? "SCHEMA_VALIDATION_FAILED" : "INVALID_JSON_PATH", field + ": " + p,
                    at + "/" + field);
        }
        return t;
    }
}
