package io.jeeves.asl.intrinsic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.AslError;
import io.jeeves.asl.StatesError;
import io.jeeves.json.Json;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The intrinsic functions against the examples of the AWS documentation ("Intrinsic functions for JSONPath
 * states in Step Functions") and, where the documentation is silent, against results recorded from real
 * Step Functions executions.
 */
class IntrinsicFunctionsTest {
    /** Paths resolve against this map; an unknown path fails the way a real resolver does. */
    private final Map<String, JsonNode> input = new HashMap<>();
    private final Function<String, JsonNode> paths = path -> {
        JsonNode value = input.get(path);
        if (value == null) {
            throw new AslError(StatesError.RUNTIME, "The JSONPath '" + path + "' could not be found");
        }
        return value;
    };

    private void given(String path, String json) {
        input.put(path, json(json));
    }

    private static JsonNode json(String text) {
        try {
            return Json.read(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private JsonNode eval(String expression) {
        return IntrinsicFunctions.evaluate(expression, paths);
    }

    /** Evaluates an expression that must fail with States.IntrinsicFailure; returns the cause text. */
    private String failure(String expression) {
        AslError error = catchThrowableOfType(() -> eval(expression), AslError.class);
        assertThat(error).as("expected %s to fail", expression).isNotNull();
        assertThat(error.error()).isEqualTo(StatesError.INTRINSIC_FAILURE);
        return error.cause();
    }

    @Nested
    class Recognition {
        @ParameterizedTest
        @ValueSource(strings = {"States.UUID()", "States.Array($.Id)", "States.Format('{}', States.Array(1))",
            "States.Format ( 'x' ) "})
        void callsAreIntrinsic(String value) {
            assertThat(IntrinsicFunctions.isIntrinsic(value)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"$.Id", "States.Array", "Hello States.Array()", "States.()", " States.UUID()",
            "States.Array(1) and more", "states.Array()"})
        void otherValuesAreNot(String value) {
            assertThat(IntrinsicFunctions.isIntrinsic(value)).isFalse();
        }

        @Test
        void nullIsNot() {
            assertThat(IntrinsicFunctions.isIntrinsic(null)).isFalse();
        }
    }

    @Nested
    class Format {
        @Test
        void literalTemplate() {
            given("$.name", "\"Arnav\"");
            assertThat(eval("States.Format('Hello, my name is {}.', $.name)").textValue())
                    .isEqualTo("Hello, my name is Arnav.");
        }

        @Test
        void templateFromAPath() {
            given("$.name", "\"Arnav\"");
            given("$.template", "\"Hello, my name is {}.\"");
            assertThat(eval("States.Format($.template, $.name)").textValue()).isEqualTo("Hello, my name is Arnav.");
        }

        @Test
        void escapedBracesAreTextNotPlaceholders() {
            given("$.name", "\"Arnav\"");
            assertThat(eval("States.Format('It\\'s \\{\\} and {} with \\\\ kept', $.name)").textValue())
                    .isEqualTo("It's {} and Arnav with \\ kept");
        }

        @Test
        void noPlaceholdersNoValues() {
            assertThat(eval("States.Format('plain text')").textValue()).isEqualTo("plain text");
        }

        @Test
        void scalarsArePrintedAsJsonText() {
            assertThat(eval("States.Format('{} {} {} {} {} {}', null, 1, -1.5, true, false, 'x')").textValue())
                    .isEqualTo("null 1 -1.5 true false x");
        }

        @Test
        void containersArePrintedTheWayAwsPrintsThem() {
            given("$.obj", "{\"Arg1\": 1, \"Arg2\": [], \"Arg3\": {\"s\": \"text\", \"n\": null}}");
            given("$.list", "[\"a\", 2, [\"b\"]]");
            assertThat(eval("States.Format('{} and {}', $.obj, $.list)").textValue())
                    .isEqualTo("{Arg1=1, Arg2=[], Arg3={s=text, n=null}} and [a, 2, [b]]");
        }

        @Test
        void placeholderCountMustMatchTheValues() {
            assertThat(failure("States.Format('{} and {}', 'one')"))
                    .startsWith("States.Format:").contains("2 placeholder(s) but 1 value(s)");
            assertThat(failure("States.Format('none', 'extra')")).contains("0 placeholder(s) but 1 value(s)");
        }

        @Test
        void placeholdersInAPathTemplateAreCountedToo() {
            given("$.template", "\"{}{}\"");
            assertThat(failure("States.Format($.template, 1)")).contains("2 placeholder(s) but 1 value(s)");
        }

        @Test
        void templateMustBeAString() {
            assertThat(failure("States.Format(42)"))
                    .isEqualTo("States.Format: argument 1 must be a string, but was number 42");
        }

        @Test
        void needsAtLeastTheTemplate() {
            assertThat(failure("States.Format()")).isEqualTo("States.Format: expected at least 1 argument but got 0");
        }
    }

    @Nested
    class JsonManipulation {
        @Test
        void stringToJson() {
            given("$.escapedJsonString", "\"{\\\"foo\\\": \\\"bar\\\"}\"");
            assertThat(eval("States.StringToJson($.escapedJsonString)")).isEqualTo(json("{\"foo\": \"bar\"}"));
        }

        @Test
        void stringToJsonOfScalarsAndBlank() {
            assertThat(eval("States.StringToJson('[1, 2, \"HelloWorld\"]')")).isEqualTo(json("[1, 2, \"HelloWorld\"]"));
            assertThat(eval("States.StringToJson('1.1')").decimalValue()).isEqualByComparingTo("1.1");
            assertThat(eval("States.StringToJson('null')").isNull()).isTrue();
            assertThat(eval("States.StringToJson('  ')").isNull()).isTrue();
            assertThat(eval("States.StringToJson('')").isNull()).isTrue();
        }

        @Test
        void stringToJsonRefusesInvalidJson() {
            String invalid = "States.StringToJson: argument 1 is not valid JSON";
            assertThat(failure("States.StringToJson('{\"foo\": ')")).startsWith(invalid);
            assertThat(failure("States.StringToJson('1 2')")).startsWith(invalid);
            assertThat(failure("States.StringToJson(12)")).contains("must be a string");
        }

        @Test
        void jsonToStringIsCompact() {
            given("$.unescapedJson", "{\"foo\": \"bar\"}");
            assertThat(eval("States.JsonToString($.unescapedJson)").textValue()).isEqualTo("{\"foo\":\"bar\"}");
            given("$.s", "\"HelloWorld\"");
            assertThat(eval("States.JsonToString($.s)").textValue()).isEqualTo("\"HelloWorld\"");
            assertThat(eval("States.JsonToString(States.Array(1, 'a', null))").textValue()).isEqualTo("[1,\"a\",null]");
        }

        @Test
        void jsonMergeIsShallow() {
            given("$.json1", "{ \"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2 }");
            given("$.json2", "{ \"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3 }");
            assertThat(eval("States.JsonMerge($.json1, $.json2, false)"))
                    .isEqualTo(json("{\"a\": {\"a3\": 1, \"a4\": 2}, \"b\": 2, \"c\": 3}"));
            assertThat(input.get("$.json1")).isEqualTo(json("{ \"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2 }"));
        }

        @Test
        void jsonMergeRefusesDeepModeAndNonObjects() {
            given("$.o", "{\"a\": 1}");
            assertThat(failure("States.JsonMerge($.o, $.o, true)"))
                    .isEqualTo("States.JsonMerge: deep merging is not supported; argument 3 must be false");
            assertThat(failure("States.JsonMerge($.o, $.o, 'false')")).contains("argument 3 must be a boolean");
            assertThat(failure("States.JsonMerge($.o, States.Array(1), false)"))
                    .contains("argument 2 must be a JSON object, but was array [1]");
            assertThat(failure("States.JsonMerge($.o, $.o)")).contains("expected 3 arguments but got 2");
        }
    }

    @Nested
    class Arrays {
        @Test
        void arrayOfArguments() {
            given("$.Id", "123456");
            assertThat(eval("States.Array($.Id)")).isEqualTo(json("[123456]"));
            assertThat(eval("States.Array()")).isEqualTo(json("[]"));
        }

        @Test
        void arrayKeepsEveryLiteralKind() {
            JsonNode result = eval("States.Array('a', 1, -2.5, 12345678901, true, false, null)");
            assertThat(result.toString()).isEqualTo("[\"a\",1,-2.5,12345678901,true,false,null]");
            assertThat(result.get(2).isBigDecimal()).isTrue();
            assertThat(result.get(3).isLong()).isTrue();
        }

        @Test
        void partition() {
            given("$.inputArray", "[1,2,3,4,5,6,7,8,9]");
            assertThat(eval("States.ArrayPartition($.inputArray,4)")).isEqualTo(json("[[1,2,3,4],[5,6,7,8],[9]]"));
            assertThat(eval("States.ArrayPartition(States.Array(), 3)")).isEqualTo(json("[]"));
            assertThat(eval("States.ArrayPartition($.inputArray, 4.6)")).isEqualTo(json("[[1,2,3,4,5],[6,7,8,9]]"));
        }

        @Test
        void partitionNeedsAPositiveChunkSize() {
            given("$.a", "[1,2]");
            assertThat(failure("States.ArrayPartition($.a, 0)")).contains("chunk size must be a positive integer");
            assertThat(failure("States.ArrayPartition($.a, -3)")).contains("chunk size must be a positive integer");
            assertThat(failure("States.ArrayPartition($.a, 0.4)")).contains("chunk size must be a positive integer");
            assertThat(failure("States.ArrayPartition('abc', 1)")).contains("argument 1 must be an array");
        }

        @Test
        void contains() {
            given("$.inputArray", "[1,2,3,4,5,6,7,8,9]");
            given("$.lookingFor", "5");
            assertThat(eval("States.ArrayContains($.inputArray, $.lookingFor)").booleanValue()).isTrue();
            assertThat(eval("States.ArrayContains($.inputArray, 10)").booleanValue()).isFalse();
            assertThat(eval("States.ArrayContains($.inputArray, '5')").booleanValue()).isFalse();
        }

        @Test
        void containsComparesWholeValues() {
            given("$.a", "[[1, 2, 3], {\"1\": 2, \"2\": []}, 2.0]");
            assertThat(eval("States.ArrayContains($.a, States.Array(1, 2, 3))").booleanValue()).isTrue();
            assertThat(eval("States.ArrayContains($.a, States.StringToJson('{\"2\": [], \"1\": 2}'))").booleanValue())
                    .isTrue();
            assertThat(eval("States.ArrayContains($.a, 2)").booleanValue()).as("2 and 2.0 are one JSON number").isTrue();
            assertThat(eval("States.ArrayContains($.a, null)").booleanValue()).isFalse();
        }

        @Test
        void range() {
            assertThat(eval("States.ArrayRange(1, 9, 2)")).isEqualTo(json("[1,3,5,7,9]"));
            assertThat(eval("States.ArrayRange(0, 10, 3)")).isEqualTo(json("[0,3,6,9]"));
            assertThat(eval("States.ArrayRange(1, 9, 9)")).isEqualTo(json("[1]"));
            assertThat(eval("States.ArrayRange(9, 1, -4)")).isEqualTo(json("[9,5,1]"));
            assertThat(eval("States.ArrayRange(1, 9, -1)")).isEqualTo(json("[]"));
            assertThat(eval("States.ArrayRange(1.5, 4.4, 1)")).as("rounded").isEqualTo(json("[2,3,4]"));
            assertThat(eval("States.ArrayRange(1, 1000, 1)").size()).isEqualTo(1000);
        }

        @Test
        void rangeLimits() {
            assertThat(failure("States.ArrayRange(1, 9, 0)"))
                    .isEqualTo("States.ArrayRange: the step (argument 3) must not be zero");
            assertThat(failure("States.ArrayRange(1, 1001, 1)")).contains("1001 items, but at most 1000");
            assertThat(failure("States.ArrayRange(-9223372036854775807, 9223372036854775807, 1)")).contains("at most 1000");
            assertThat(failure("States.ArrayRange('1', 9, 1)")).contains("argument 1 must be a number");
        }

        @Test
        void getItem() {
            given("$.inputArray", "[1,2,3,4,5,6,7,8,9]");
            given("$.index", "5");
            assertThat(eval("States.ArrayGetItem($.inputArray, $.index)").intValue()).isEqualTo(6);
            assertThat(eval("States.ArrayGetItem($.inputArray, 0)").intValue()).isEqualTo(1);
        }

        @Test
        void getItemOutOfRangeOrNotAnIndex() {
            given("$.a", "[1,2,3]");
            assertThat(failure("States.ArrayGetItem($.a, 3)"))
                    .isEqualTo("States.ArrayGetItem: index 3 is out of range for an array of length 3");
            assertThat(failure("States.ArrayGetItem($.a, -1)")).contains("index -1 is out of range");
            assertThat(failure("States.ArrayGetItem($.a, 1.5)")).contains("argument 2 must be an integer");
            assertThat(failure("States.ArrayGetItem($.a, '1')")).contains("argument 2 must be a number");
        }

        @Test
        void lengthAndNesting() {
            given("$.inputArray", "[1,2,3,4,5,6,7,8,9]");
            assertThat(eval("States.ArrayLength($.inputArray)").intValue()).isEqualTo(9);
            assertThat(eval("States.ArrayLength(States.Array(1,2,3))").intValue()).isEqualTo(3);
            assertThat(failure("States.ArrayLength('abc')")).isEqualTo(
                    "States.ArrayLength: argument 1 must be an array, but was string \"abc\"");
        }

        @Test
        void unique() {
            given("$.inputArray", "[1,2,3,3,3,3,3,3,4]");
            assertThat(eval("States.ArrayUnique($.inputArray)")).isEqualTo(json("[1,2,3,4]"));
        }

        @Test
        void uniqueKeepsFirstOccurrencesOfAnyKindOfValue() {
            given("$.a", "[null, null, true, true, false, false, 1, 1, 1.1, 0, 0.0, \"HelloWorld\", \"HelloWorld\","
                    + " [], [], [null], [null], {\"a\": 1, \"b\": 2}, {\"b\": 2, \"a\": 1}, {\"a\": 1, \"b\": 1}]");
            assertThat(eval("States.ArrayUnique($.a)")).isEqualTo(json("[null, true, false, 1, 1.1, 0, \"HelloWorld\","
                    + " [], [null], {\"a\": 1, \"b\": 2}, {\"a\": 1, \"b\": 1}]"));
        }
    }

    @Nested
    class EncodingAndHashing {
        @Test
        void base64EncodeAndDecode() {
            given("$.input", "\"Data to encode\"");
            given("$.base64", "\"RGF0YSB0byBlbmNvZGU=\"");
            assertThat(eval("States.Base64Encode($.input)").textValue()).isEqualTo("RGF0YSB0byBlbmNvZGU=");
            assertThat(eval("States.Base64Decode($.base64)").textValue()).isEqualTo("Data to encode");
            assertThat(eval("States.Base64Encode('')").textValue()).isEmpty();
        }

        @Test
        void base64UsesUtf8AndAcceptsMissingPadding() {
            assertThat(eval("States.Base64Encode('héllo ✓')").textValue()).isEqualTo("aMOpbGxvIOKckw==");
            assertThat(eval("States.Base64Decode(States.Base64Encode('héllo ✓'))").textValue()).isEqualTo("héllo ✓");
            assertThat(eval("States.Base64Decode('RGF0YSB0byBlbmNvZGU')").textValue()).isEqualTo("Data to encode");
        }

        @Test
        void base64Refusals() {
            assertThat(failure("States.Base64Decode('not base64!')"))
                    .startsWith("States.Base64Decode: argument 1 is not valid Base64");
            assertThat(failure("States.Base64Decode('/w==')")).contains("not valid UTF-8");
            assertThat(failure("States.Base64Encode(1)")).contains("argument 1 must be a string");
        }

        @Test
        void inputsAreLimitedTo10000Characters() {
            given("$.max", "\"" + "a".repeat(10_000) + "\"");
            given("$.over", "\"" + "a".repeat(10_001) + "\"");
            assertThat(eval("States.Base64Encode($.max)").textValue()).startsWith("YWFh");
            assertThat(failure("States.Base64Encode($.over)")).isEqualTo(
                    "States.Base64Encode: argument 1 has 10001 characters, but at most 10000 are allowed");
            assertThat(failure("States.Base64Decode($.over)")).contains("at most 10000");
            assertThat(eval("States.Hash($.max, 'MD5')").textValue()).hasSize(32);
            assertThat(failure("States.Hash($.over, 'MD5')")).contains("at most 10000");
        }

        @ParameterizedTest
        @CsvSource({
            "MD5, 812f45842bc6d66ee14572ce20db8e86",
            "SHA-1, aaff4a450a104cd177d28d18d74485e8cae074b7",
            "SHA-256, b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3",
            "SHA-384, d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562",
            "SHA-512, 6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"
        })
        void hash(String algorithm, String expected) {
            given("$.Data", "\"input data\"");
            given("$.Algorithm", "\"" + algorithm + "\"");
            assertThat(eval("States.Hash($.Data, $.Algorithm)").textValue()).isEqualTo(expected);
        }

        @Test
        void hashRefusals() {
            assertThat(failure("States.Hash('x', 'SHA-224')")).isEqualTo("States.Hash: unsupported algorithm 'SHA-224'"
                    + " (expected one of MD5, SHA-1, SHA-256, SHA-384, SHA-512)");
            assertThat(failure("States.Hash('x', 'sha-256')")).contains("unsupported algorithm");
            assertThat(failure("States.Hash(States.Array(), 'MD5')")).contains("argument 1 must be a string");
        }
    }

    @Nested
    class MathOperations {
        @Test
        void randomStaysWithinStartInclusiveEndExclusive() {
            given("$.start", "1");
            given("$.end", "999");
            assertThat(eval("States.MathRandom($.start, $.end)").intValue()).isBetween(1, 998);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                int value = eval("States.MathRandom(0, 3)").intValue();
                assertThat(value).isBetween(0, 2);
                seen.add(value);
            }
            assertThat(seen).containsExactlyInAnyOrder(0, 1, 2);
        }

        @Test
        void randomRoundsItsBounds() {
            for (int i = 0; i < 100; i++) {
                assertThat(eval("States.MathRandom(12.5, 14.4)").intValue()).isEqualTo(13);
            }
        }

        @Test
        void sameSeedSameNumber() {
            JsonNode first = eval("States.MathRandom(0, 1000000, 3)");
            for (int i = 0; i < 10; i++) {
                assertThat(eval("States.MathRandom(0, 1000000, 3)")).isEqualTo(first);
            }
            Set<JsonNode> bySeed = new HashSet<>();
            for (int seed = 0; seed < 20; seed++) {
                bySeed.add(eval("States.MathRandom(0, 1000000, " + seed + ")"));
            }
            assertThat(bySeed).hasSizeGreaterThan(1);
        }

        @Test
        void randomRefusals() {
            assertThat(failure("States.MathRandom(5, 5)"))
                    .isEqualTo("States.MathRandom: the start (5) must be less than the end (5)");
            assertThat(failure("States.MathRandom(9, 1)")).contains("must be less than the end");
            assertThat(failure("States.MathRandom('1', 5)")).contains("argument 1 must be a number");
            assertThat(failure("States.MathRandom(1)")).contains("expected 2 to 3 arguments but got 1");
        }

        @Test
        void add() {
            given("$.value1", "111");
            given("$.step", "-1");
            assertThat(eval("States.MathAdd($.value1, $.step)")).isEqualTo(json("110"));
            assertThat(eval("States.MathAdd(2147483647, 1)")).as("exact, not wrapped").isEqualTo(json("2147483648"));
        }

        /** Results recorded from AWS: non-integers are rounded like Java's Math.round. */
        @ParameterizedTest
        @CsvSource({"1.49, 1.50, 3", "1.50, 1.51, 4", "-1.49, -1.50, -2", "-1.50, -1.51, -3", "0.5, 0, 1",
            "2.5, 0, 3", "-0.5, 0, 0", "-2.5, 0, -2", "-0.5, 0.5, 1", "-9, 3, -6"})
        void addRoundsNonIntegers(String a, String b, int sum) {
            assertThat(eval("States.MathAdd(" + a + ", " + b + ")").intValue()).isEqualTo(sum);
        }

        @Test
        void addRefusals() {
            assertThat(failure("States.MathAdd(2147483648, 1)"))
                    .isEqualTo("States.MathAdd: argument 1 (2147483648) is outside -2147483648 to 2147483647");
            assertThat(failure("States.MathAdd(1, -2147483649)")).contains("argument 2 (-2147483649) is outside");
            assertThat(failure("States.MathAdd(1, '2')")).contains("argument 2 must be a number, but was string \"2\"");
            assertThat(failure("States.MathAdd(1, null)")).contains("argument 2 must be a number, but was null");
            assertThat(failure("States.MathAdd(1, 2, 3)")).contains("expected 2 arguments but got 3");
        }
    }

    @Nested
    class StringsAndIds {
        @Test
        void splitOnOneDelimiter() {
            given("$.inputString", "\"1,2,3,4,5\"");
            given("$.splitter", "\",\"");
            assertThat(eval("States.StringSplit($.inputString, $.splitter)"))
                    .isEqualTo(json("[\"1\",\"2\",\"3\",\"4\",\"5\"]"));
        }

        @Test
        void splitOnAnyOfSeveralCharacters() {
            given("$.inputString", "\"This.is+a,test=string\"");
            given("$.splitter", "\".+,=\"");
            assertThat(eval("States.StringSplit($.inputString, $.splitter)"))
                    .isEqualTo(json("[\"This\",\"is\",\"a\",\"test\",\"string\"]"));
        }

        @Test
        void splitDropsEmptyPieces() {
            assertThat(eval("States.StringSplit(',,,,', ',')")).isEqualTo(json("[]"));
            assertThat(eval("States.StringSplit(', , ,', ',')")).isEqualTo(json("[\" \",\" \"]"));
            assertThat(eval("States.StringSplit('Hello\nWorld', '\n')")).isEqualTo(json("[\"Hello\",\"World\"]"));
            assertThat(failure("States.StringSplit('a,b', 1)")).contains("argument 2 must be a string");
        }

        @Test
        void uuidIsARandomVersion4Uuid() {
            String first = eval("States.UUID()").textValue();
            assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(eval("States.UUID()").textValue()).isNotEqualTo(first);
            assertThat(failure("States.UUID(1)")).isEqualTo("States.UUID: expected 0 arguments but got 1");
        }
    }

    @Nested
    class PathsAndNesting {
        /**
         * The nine nested functions of the AWS documentation's example, with one change: AWS's template has
         * three placeholders for two values, which its own rule for States.Format refuses.
         */
        @Test
        void theNineNestedFunctionsOfTheAwsExample() {
            given("$.ImageRecipe.Arn", "\"arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/recipe/1.2.3\"");
            String expression = "States.Format('{}.{}', "
                    + "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit("
                    + "$.ImageRecipe.Arn, '/'), 2), '.'), 0), "
                    + "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit("
                    + "$.ImageRecipe.Arn, '/'), 2), '.'), 1))";
            assertThat(eval(expression).textValue()).isEqualTo("1.2");
            assertThat(failure(expression.replace("'{}.{}'", "'{}.{}.{}'"))).contains("3 placeholder(s) but 2 value(s)");
        }

        @Test
        void contextObjectPathsAndOddPathsArePassedAsWritten() {
            given("$$.StateMachine.Name", "\"my-state-machine\"");
            given("$.a['x, y)']", "\"odd\"");
            given("$.items[?(@.n > 1)]", "[2, 3]");
            assertThat(eval("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), "
                    + "States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))")
                    .textValue()).isEqualTo("machine");
            assertThat(eval("States.Array($.a['x, y)'] , $.items[?(@.n > 1)])")).isEqualTo(json("[\"odd\", [2, 3]]"));
        }

        @Test
        void pathFailuresAreThePathsOwn() {
            AslError error = catchThrowableOfType(() -> eval("States.Array($.missing)"), AslError.class);
            assertThat(error.error()).isEqualTo(StatesError.RUNTIME);
            assertThat(error.cause()).contains("$.missing");
        }

        @Test
        void nullFromTheResolverIsJsonNull() {
            assertThat(IntrinsicFunctions.evaluate("States.Array($.x)", path -> null)).isEqualTo(json("[null]"));
        }

        @Test
        void resultDoesNotShareNodesWithTheInput() {
            given("$.list", "[{\"a\": 1}]");
            ObjectNode item = (ObjectNode) eval("States.ArrayGetItem($.list, 0)");
            item.put("a", 2);
            assertThat(input.get("$.list")).isEqualTo(json("[{\"a\": 1}]"));
        }

        @Test
        void nestingIsLimitedToTenLevels() {
            String ten = "States.Array(".repeat(10) + ")".repeat(10);
            assertThat(eval(ten).toString()).isEqualTo("[".repeat(10) + "]".repeat(10));
            assertThat(failure("States.Array(" + ten + ")")).contains("nested at most 10 deep");
        }

        @Test
        void whitespaceBetweenTokensIsAllowed() {
            assertThat(eval("  States.Array ( 1 ,'a' ,  States.Array( ) )  ")).isEqualTo(json("[1, \"a\", []]"));
        }
    }

    @Nested
    class Errors {
        @Test
        void unknownFunction() {
            assertThat(failure("States.Nope(1)")).isEqualTo("Unknown intrinsic function States.Nope");
            assertThat(failure("States.Array(States.ArrayLenght($.a))")).isEqualTo(
                    "Unknown intrinsic function States.ArrayLenght");
        }

        @Test
        void arityIsCheckedBeforeAnyPathIsResolved() {
            assertThat(failure("States.ArrayLength($.missing, $.missing)"))
                    .isEqualTo("States.ArrayLength: expected 1 argument but got 2");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "States.Array('abc                | unterminated string literal",
            "States.Array(1                   | States.Array: missing ')'",
            "States.Array(1,)                 | States.Array: invalid argument ')'",
            "States.Array(1) extra            | unexpected text after the closing ')'",
            "States.Array(1 2)                | States.Array: expected ',' or ')' but found '2'",
            "States.Array                     | States.Array: expected '('",
            "States.(1)                       | expected a function name after 'States.'",
            "Array(1)                         | expected an intrinsic function starting with 'States.'",
            "States.Array(foo)                | States.Array: invalid argument 'foo'",
            "States.Array(+1)                 | States.Array: invalid argument '+'",
            "States.Array(01)                 | States.Array: invalid number",
            "States.Array(1.5.3)              | States.Array: invalid number",
            "States.Array(1.)                 | States.Array: invalid number",
            "States.Array(-)                  | States.Array: invalid number",
            "States.Array(True)               | States.Array: invalid argument 'True'",
            "States.Array($.a[0)              | unbalanced brackets or quotes in path",
            "States.Format('a\\nb')           | invalid escape '\\n'",
            "States.Format('a\\               | open escape",
        })
        void syntaxErrors(String expression, String problem) {
            assertThat(failure(expression)).startsWith("Invalid intrinsic function call").contains(problem);
        }

        @Test
        void emptyAndNullExpressions() {
            assertThat(failure("")).contains("expected an intrinsic function starting with 'States.'");
            assertThat(catchThrowableOfType(() -> IntrinsicFunctions.evaluate(null, paths), AslError.class).error())
                    .isEqualTo(StatesError.INTRINSIC_FAILURE);
        }
    }
}
