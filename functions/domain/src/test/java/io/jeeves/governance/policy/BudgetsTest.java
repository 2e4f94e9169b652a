package io.jeeves.governance.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BudgetsTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("$50", "50.00"),
                Arguments.of("50", "50.00"),
                Arguments.of("50.00", "50.00"),
                Arguments.of("50.5", "50.50"),
                Arguments.of("100 USD", "100.00"),
                Arguments.of("USD 100", "100.00"),
                Arguments.of("$1,250.50", "1250.50"),
                Arguments.of("1,250.50 usd", "1250.50"),
                Arguments.of("  $50  ", "50.00"),
                Arguments.of("\t75 USD\n", "75.00"),
                Arguments.of("100USD", "100.00"),
                Arguments.of("usd100", "100.00"),
                Arguments.of("$ 50", "50.00"),
                Arguments.of("USD $20", "20.00"),
                Arguments.of("$0", "0.00"),
                Arguments.of("0.01", "0.01"),
                Arguments.of("1,000,000", "1000000.00"),
                Arguments.of("007", "7.00"),
                Arguments.of("$1,000,000,000.00", "1000000000.00"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("accepted")
    void readsUsdAmountsWithScaleTwo(String text, String expected) {
        ParsedBudget parsed = Budgets.parse(text);
        assertThat(parsed).isEqualTo(new ParsedBudget.Usd(new BigDecimal(expected)));
        assertThat(((ParsedBudget.Usd) parsed).amount().scale()).isEqualTo(2);
        assertThat(parsed.accepted()).isTrue();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(null, BudgetRefusal.MISSING),
                Arguments.of("", BudgetRefusal.MISSING),
                Arguments.of("   ", BudgetRefusal.MISSING),
                Arguments.of("-$5", BudgetRefusal.NEGATIVE),
                Arguments.of("$-5", BudgetRefusal.NEGATIVE),
                Arguments.of("-5", BudgetRefusal.NEGATIVE),
                Arguments.of("-5 USD", BudgetRefusal.NEGATIVE),
                Arguments.of("abc", BudgetRefusal.MALFORMED),
                Arguments.of("$", BudgetRefusal.MALFORMED),
                Arguments.of("5$5", BudgetRefusal.MALFORMED),
                Arguments.of("1,25,0", BudgetRefusal.MALFORMED),
                Arguments.of("1,2500", BudgetRefusal.MALFORMED),
                Arguments.of(",100", BudgetRefusal.MALFORMED),
                Arguments.of("50.", BudgetRefusal.MALFORMED),
                Arguments.of("1e3", BudgetRefusal.MALFORMED),
                Arguments.of("+50", BudgetRefusal.MALFORMED),
                Arguments.of("NaN", BudgetRefusal.MALFORMED),
                Arguments.of("50 dollars", BudgetRefusal.MALFORMED),
                Arguments.of("1 000", BudgetRefusal.MALFORMED),
                Arguments.of("$$50", BudgetRefusal.MALFORMED),
                Arguments.of("\uFF15\uFF10", BudgetRefusal.MALFORMED), // full-width "50"
                Arguments.of("-abc", BudgetRefusal.MALFORMED),
                Arguments.of("1".repeat(65), BudgetRefusal.MALFORMED),
                Arguments.of("€50", BudgetRefusal.UNSUPPORTED_CURRENCY),
                Arguments.of("50€", BudgetRefusal.UNSUPPORTED_CURRENCY),
                Arguments.of("50 EUR", BudgetRefusal.UNSUPPORTED_CURRENCY),
                Arguments.of("CAD 50", BudgetRefusal.UNSUPPORTED_CURRENCY),
                Arguments.of("£3", BudgetRefusal.UNSUPPORTED_CURRENCY),
                Arguments.of("¥100", BudgetRefusal.UNSUPPORTED_CURRENCY),
                Arguments.of("50.001", BudgetRefusal.TOO_PRECISE),
                Arguments.of("50.000", BudgetRefusal.TOO_PRECISE),
                Arguments.of("$1,000,000,000.01", BudgetRefusal.TOO_LARGE),
                Arguments.of("99999999999999999999999999", BudgetRefusal.TOO_LARGE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refused")
    void refusesWithAKindAndAReasonNeverAnException(String text, BudgetRefusal kind) {
        ParsedBudget parsed = Budgets.parse(text);
        assertThat(parsed).isInstanceOfSatisfying(ParsedBudget.Refused.class, r -> {
            assertThat(r.kind()).isEqualTo(kind);
            assertThat(r.reason()).isNotBlank();
        });
        assertThat(parsed.accepted()).isFalse();
    }

    @Test
    void reasonsSayWhatIsWrong() {
        assertThat(reason(null)).isEqualTo("budget is missing");
        assertThat(reason("-$5")).isEqualTo("budget \"-$5\" is negative");
        assertThat(reason("50 EUR")).isEqualTo("budget \"50 EUR\" is in EUR; budgets are in USD only");
        assertThat(reason("€50")).isEqualTo("budget \"€50\" is in €; budgets are in USD only");
        assertThat(reason("50.001")).isEqualTo("budget \"50.001\" has more than 2 decimal places");
        assertThat(reason("abc")).startsWith("budget \"abc\" is not a USD amount (expected e.g. \"$50\"");
        assertThat(reason("2000000000")).contains("above the largest budget, $1,000,000,000.00");
    }

    @Test
    void echoedTextIsCutAndControlCharactersMasked() {
        assertThat(reason("x".repeat(60))).contains("\"" + "x".repeat(40) + "…\"");
        assertThat(reason("a\u0000b\u001bc")).contains("\"a?b?c\"");
    }

    @Test
    void amountsFromConfigurationHaveTheSameBounds() {
        assertThat(Budgets.ofAmount(new BigDecimal("99.5"))).isEqualTo(new ParsedBudget.Usd(new BigDecimal("99.50")));
        assertThat(Budgets.ofAmount(new BigDecimal("99.500"))).isEqualTo(new ParsedBudget.Usd(new BigDecimal("99.50")));
        assertThat(kind(Budgets.ofAmount(new BigDecimal("99.505")))).isEqualTo(BudgetRefusal.TOO_PRECISE);
        assertThat(kind(Budgets.ofAmount(new BigDecimal("-1")))).isEqualTo(BudgetRefusal.NEGATIVE);
        assertThat(kind(Budgets.ofAmount(new BigDecimal("1E+10")))).isEqualTo(BudgetRefusal.TOO_LARGE);
        assertThat(kind(Budgets.ofAmount(null))).isEqualTo(BudgetRefusal.MISSING);
    }

    @Test
    void formatsWithDollarSignGroupingAndCents() {
        assertThat(Budgets.format(new BigDecimal("0"))).isEqualTo("$0.00");
        assertThat(Budgets.format(new BigDecimal("999.5"))).isEqualTo("$999.50");
        assertThat(Budgets.format(new BigDecimal("1000"))).isEqualTo("$1,000.00");
        assertThat(Budgets.format(new BigDecimal("1250.5"))).isEqualTo("$1,250.50");
        assertThat(Budgets.format(new BigDecimal("123456789.01"))).isEqualTo("$123,456,789.01");
        assertThat(Budgets.format(new BigDecimal("-1234"))).isEqualTo("-$1,234.00");
        assertThat(new ParsedBudget.Usd(new BigDecimal("12"))).hasToString("$12.00");
    }

    private static String reason(String text) {
        return ((ParsedBudget.Refused) Budgets.parse(text)).reason();
    }

    private static BudgetRefusal kind(ParsedBudget parsed) {
        return ((ParsedBudget.Refused) parsed).kind();
    }
}
