package io.jeeves.asl.definition;

import java.util.List;

/** A Choice rule's condition (without its Next). */
public sealed interface Condition {

    /**
     * A comparison of the value at {@code variable}. Exactly one of {@code value} (a literal) and
     * {@code valuePath} (the …Path form) is set; both are null for the Is… tests.
     */
    record Comparison(String variable, Operator operator, com.fasterxml.jackson.databind.JsonNode value,
            String valuePath) implements Condition {
    }

    record And(List<Condition> conditions) implements Condition {
    }

    record Or(List<Condition> conditions) implements Condition {
    }

    record Not(Condition condition) implements Condition {
    }

    /** The comparison operators, by their name without the "Path" suffix. */
    enum Operator {
        StringEquals, StringLessThan, StringGreaterThan, StringLessThanEquals, StringGreaterThanEquals, StringMatches,
        NumericEquals, NumericLessThan, NumericGreaterThan, NumericLessThanEquals, NumericGreaterThanEquals,
        BooleanEquals,
        TimestampEquals, TimestampLessThan, TimestampGreaterThan, TimestampLessThanEquals, TimestampGreaterThanEquals,
        IsNull, IsPresent, IsNumeric, IsString, IsBoolean, IsTimestamp;

        public boolean isTest() {
            return name().startsWith("Is");
        }

        /** Whether "…Path" is a valid spelling (every comparison but StringMatches and the Is… tests). */
        public boolean hasPathForm() {
            return !isTest() && this != StringMatches;
        }
    }
}
