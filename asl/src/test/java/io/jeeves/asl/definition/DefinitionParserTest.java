package io.jeeves.asl.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.asl.InvalidDefinitionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** An invalid definition is refused naming the problem (AWS's codes) and where it is. */
class DefinitionParserTest {

    private static String machine(String states) {
        return "{\"StartAt\":\"A\",\"States\":{" + states + "}}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown Next            | "A":{"Type":"Pass","Next":"B"}                                  | MISSING_TRANSITION_TARGET | /States/A/Next
            neither Next nor End    | "A":{"Type":"Pass"}                                             | SCHEMA_VALIDATION_FAILED  | /States/A
            unknown type            | "A":{"Type":"Sleep","End":true}                                 | SCHEMA_VALIDATION_FAILED  | /States/A/Type
            Task without Resource   | "A":{"Type":"Task","End":true}                                  | SCHEMA_VALIDATION_FAILED  | /States/A
            bad JSONPath            | "A":{"Type":"Pass","InputPath":"$.a[","End":true}               | INVALID_JSON_PATH         | /States/A/InputPath
            bad ResultPath          | "A":{"Type":"Pass","ResultPath":"$..a","End":true}              | INVALID_REFERENCE_PATH    | /States/A/ResultPath
            Choice without rules    | "A":{"Type":"Choice","Choices":[]}                              | SCHEMA_VALIDATION_FAILED  | /States/A
            unknown operator        | "A":{"Type":"Choice","Choices":[{"Variable":"$.x","Equals":1,"Next":"A"}]} | SCHEMA_VALIDATION_FAILED | /States/A/Choices/0
            negative Wait           | "A":{"Type":"Wait","Seconds":-1,"End":true}                     | SCHEMA_VALIDATION_FAILED  | /States/A/Seconds
            States.ALL not last     | "A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["X"]}],"End":true} | SCHEMA_VALIDATION_FAILED | /States/A/Retry
            BackoffRate below one   | "A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Retry":[{"ErrorEquals":["X"],"BackoffRate":0.5}],"End":true} | SCHEMA_VALIDATION_FAILED | /States/A/Retry/0/BackoffRate
            unknown Catch target    | "A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Catch":[{"ErrorEquals":["X"],"Next":"Z"}],"End":true} | MISSING_TRANSITION_TARGET | /States/A/Catch/0/Next
            Map without processor   | "A":{"Type":"Map","End":true}                                   | SCHEMA_VALIDATION_FAILED  | /States/A
            Parallel without branch | "A":{"Type":"Parallel","Branches":[],"End":true}                | SCHEMA_VALIDATION_FAILED  | /States/A
            Resource not an ARN     | "A":{"Type":"Task","Resource":"my-function","End":true}         | INVALID_RESOURCE          | /States/A/Resource
            bad intrinsic in Parameters | "A":{"Type":"Pass","Parameters":{"x.$":"States.Nope($)"},"End":true} | SCHEMA_VALIDATION_FAILED | /States/A/Parameters
            """)
    void refusesNamingTheProblemAndTheState(String what, String states, String code, String at) {
        assertThatThrownBy(() -> DefinitionParser.parse(machine(states))).as(what)
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(code)
                .hasMessageContaining(at);
    }

    @Test
    void everyProblemIsListedAtOnce() {
        assertThatThrownBy(() -> DefinitionParser.parse(machine(
                "\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},\"C\":{\"Type\":\"Wait\",\"End\":true}")))
                .hasMessageContaining("/States/A/Next").hasMessageContaining("/States/C");
    }

    @Test
    void aMissingStartAtTargetAndNonObjectsAreRefused() {
        assertThatThrownBy(() -> DefinitionParser.parse("{\"StartAt\":\"Nope\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}"))
                .hasMessageContaining("MISSING_TRANSITION_TARGET").hasMessageContaining("/StartAt");
        assertThatThrownBy(() -> DefinitionParser.parse("[]")).isInstanceOf(InvalidDefinitionException.class);
        assertThatThrownBy(() -> DefinitionParser.parse("{not json")).isInstanceOf(InvalidDefinitionException.class);
    }

    @Test
    void unreachableStatesAndLoopsWithoutEndAreRefusedAsAwsDoes() {
        assertThatThrownBy(() -> DefinitionParser.parse(machine(
                "\"A\":{\"Type\":\"Pass\",\"End\":true},\"Orphan\":{\"Type\":\"Succeed\"}")))
                .hasMessageContaining("MISSING_TRANSITION_TARGET: State \"Orphan\" is not reachable. at /States/Orphan");
        assertThatThrownBy(() -> DefinitionParser.parse(machine(
                "\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},\"B\":{\"Type\":\"Pass\",\"Next\":\"A\"}")))
                .hasMessageContaining("MISSING_END_STATE");
        // reachable through a Catch or a Choice Default only: fine
        DefinitionParser.parse(machine("\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:f\","
                + "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"C\"}],\"Next\":\"B\"},"
                + "\"B\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.x\",\"IsPresent\":true,\"Next\":\"C\"}],"
                + "\"Default\":\"D\"},\"C\":{\"Type\":\"Succeed\"},\"D\":{\"Type\":\"Fail\"}"));
    }

    @Test
    void aValidDefinitionParses() {
        StateMachineDefinition d = DefinitionParser.parse(machine(
                "\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},\"B\":{\"Type\":\"Succeed\"}"));
        assertThat(d.startAt()).isEqualTo("A");
    }
}
