package io.jeeves.asl.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.definition.StateType;
import io.jeeves.json.Json;
import org.junit.jupiter.api.Test;

/** History events: their compact lines, and the AWS-shaped events those lines expand to. */
class HistoryEventTest {
    private static final long T = 1_763_733_600_000L;

    private static JsonNode roundTrip(HistoryEvent e, long id, long previous) throws Exception {
        e.link(id, previous);
        String line = e.appendLine(new StringBuilder()).toString();
        assertThat(line).doesNotContain("\n");
        return HistoryEvent.expand(Json.read(line));
    }

    @Test
    void aStateEventExpandsToTheAwsShapeWithItsPayloadDetails() throws Exception {
        JsonNode e = roundTrip(Events.stateEntered(StateType.Pass, T, "S0", "{\"n\":0}"), 2, 1);
        assertThat(e).isEqualTo(Json.read("""
                {"timestamp":1763733600000,"type":"PassStateEntered","id":2,"previousEventId":1,
                 "stateEnteredEventDetails":{"name":"S0","input":"{\\"n\\":0}","inputDetails":{"truncated":false}}}"""));
        HistoryEvent entered = Events.stateEntered(StateType.Pass, T, "S0", "{\"n\":0}");
        entered.link(2, 1);
        assertThat(entered.toString()).as("two per state run: written by position, no field names")
                .isEqualTo("[2,1,1763733600000,\"PassStateEntered\",\"S0\",\"{\\\"n\\\":0}\"]");
        JsonNode exited = roundTrip(Events.stateExited(StateType.Choice, T, "C", "[1,2]"), 3, 2);
        assertThat(exited.path("type").asText()).isEqualTo("ChoiceStateExited");
        assertThat(exited.path("stateExitedEventDetails").path("output").asText()).isEqualTo("[1,2]");
        assertThat(exited.path("stateExitedEventDetails").path("outputDetails").path("truncated").asBoolean()).isFalse();
    }

    @Test
    void textWithQuotesBackslashesControlCharactersAndUnicodeSurvivesTheLine() throws Exception {
        String tricky = "\"quoted\" back\\slash \n\r\t\b\f \u0001\u001f é 日本 😀 </script>";
        JsonNode e = roundTrip(Events.executionEnded("ExecutionFailed", T, "My.Error", tricky), 9, 8);
        assertThat(e.path("executionFailedEventDetails").path("cause").asText()).isEqualTo(tricky);
        assertThat(e.path("executionFailedEventDetails").path("error").asText()).isEqualTo("My.Error");
        assertThat(Json.quote(new StringBuilder(), tricky).toString())
                .as("the same text Jackson writes").isEqualTo(Json.write(tricky));
    }

    @Test
    void nullFieldsAreLeftOutAndNumbersStayNumbers() throws Exception {
        TaskResource r = TaskResource.parse("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
        JsonNode e = roundTrip(Events.taskScheduled(T, r, Json.object().put("QueueUrl", "q"), null, 30), 5, 4);
        JsonNode d = e.path("taskScheduledEventDetails");
        assertThat(d.has("timeoutInSeconds")).isFalse();
        assertThat(d.path("heartbeatInSeconds").isIntegralNumber()).isTrue();
        assertThat(d.path("heartbeatInSeconds").asInt()).isEqualTo(30);
        assertThat(d.path("resource").asText()).isEqualTo("sendMessage.waitForTaskToken");
        assertThat(Json.read(d.path("parameters").asText())).isEqualTo(Json.object().put("QueueUrl", "q"));
        JsonNode aborted = roundTrip(Events.executionEnded("ExecutionAborted", T, null, null), 6, 5);
        assertThat(aborted.path("executionAbortedEventDetails").isObject()).as("empty details, as AWS").isTrue();
        assertThat(aborted.path("executionAbortedEventDetails").size()).isZero();
    }

    @Test
    void anEventWithoutDetailsHasNoDetailsField() throws Exception {
        JsonNode e = roundTrip(Events.plain("ParallelStateStarted", T), 4, 3);
        assertThat(e).isEqualTo(Json.read(
                "{\"timestamp\":1763733600000,\"type\":\"ParallelStateStarted\",\"id\":4,\"previousEventId\":3}"));
        JsonNode map = roundTrip(Events.mapIteration("MapIterationStarted", T, "Each", 7), 10, 9);
        assertThat(map.path("mapIterationStartedEventDetails"))
                .isEqualTo(Json.object().put("name", "Each").put("index", 7));
    }

    /** An event that follows the line before (previous id, same time) leaves both out; any other is whole. */
    @Test
    void aLineAfterTheEventBeforeLeavesOutWhatFollowsFromIt() throws Exception {
        HistoryEvent entered = Events.stateEntered(StateType.Pass, T, "S0", "{}");
        entered.link(2, 1);
        HistoryEvent exited = Events.stateExited(StateType.Pass, T, "S0", "{}");
        exited.link(3, 2);
        HistoryEvent later = Events.plain("ParallelStateStarted", T + 1);
        later.link(4, 3);
        HistoryEvent branch = Events.plain("ParallelStateSucceeded", T + 1);
        branch.link(5, 2);
        String first = entered.appendLine(new StringBuilder(), null).toString();
        String second = exited.appendLine(new StringBuilder(), entered).toString();
        assertThat(second).isEqualTo("[3,\"PassStateExited\",\"S0\",\"{}\"]");
        assertThat(later.appendLine(new StringBuilder(), exited).toString()).as("a later time: whole")
                .isEqualTo("[4,3,1763733600001,\"ParallelStateStarted\",null]");
        assertThat(branch.appendLine(new StringBuilder(), later).toString()).as("not after the one before: whole")
                .startsWith("[5,2,");

        JsonNode before = HistoryEvent.expand(Json.read(first), null);
        assertThat(HistoryEvent.expand(Json.read(second), before)).isEqualTo(exited.toJson());
        HistoryEvent plain = Events.plain("ParallelStateStarted", T);
        plain.link(3, 2);
        assertThat(HistoryEvent.expand(Json.read(plain.appendLine(new StringBuilder(), entered).toString()), before))
                .isEqualTo(plain.toJson());
        assertThatThrownBy(() -> HistoryEvent.expand(Json.read(second))).as("a shortened line needs the one before")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatIsNotALineIsRefused() {
        assertThatThrownBy(() -> HistoryEvent.expand(Json.read("{\"id\":1}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistoryEvent.expand(Json.read("[1,0,5]")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
