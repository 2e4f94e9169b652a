package io.jeeves.governance.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads budget texts as US dollar amounts. Accepted: {@code "$50"}, {@code "50"}, {@code "50.00"},
 * {@code "100 USD"}, {@code "USD 100"}, {@code "$1,250.50"}, {@code "1,250.50 usd"}, with spaces around.
 * Everything else is a {@link ParsedBudget.Refused}: {@link #parse(String)} never throws.
 */
public final class Budgets {
    /** The largest budget read; anything above is a typo or an attack, not a plan. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000.00");
    /** Budget texts longer than this are refused before any parsing. */
    public static final int MAX_TEXT_LENGTH = 64;

    private static final String EXAMPLES = "expected e.g. \"$50\", \"50.00\", \"100 USD\" or \"$1,250.50\"";
    /** A three-letter currency code before the amount ("USD 100", "EUR50"). */
    private static final Pattern LEADING_CODE = Pattern.compile("([A-Za-z]{3})(?![A-Za-z])\\s*(.*)", Pattern.DOTALL);
    /** A three-letter currency code after the amount ("100 USD", "50eur"). */
    private static final Pattern TRAILING_CODE = Pattern.compile("(.*?)\\s*(?<![A-Za-z])([A-Za-z]{3})", Pattern.DOTALL);
    /** Plain digits, or digits grouped by thousands with commas; then an optional fraction. ASCII digits only. */
    private static final Pattern NUMBER = Pattern.compile("([0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\\.([0-9]+))?");
    private static final int QUOTE_LIMIT = 40;

    private Budgets() {
    }

    /** Reads {@code text} as a USD amount, or says why it cannot. Never throws. */
    public static ParsedBudget parse(String text) {
        if (text == null || text.isBlank()) {
            return refused(BudgetRefusal.MISSING, "budget is missing");
        }
        String s = text.strip();
        if (s.length() > MAX_TEXT_LENGTH) {
            return refused(BudgetRefusal.MALFORMED, "budget text is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        String code = null;
        Matcher m = LEADING_CODE.matcher(s);
        if (m.matches()) {
            code = m.group(1);
            s = m.group(2);
        } else if ((m = TRAILING_CODE.matcher(s)).matches()) {
            code = m.group(2);
            s = m.group(1);
        }
        boolean negative = false;
        if (s.startsWith("-")) {
            negative = true;
            s = s.substring(1).strip();
        }
        Character symbol = null;
        if (!s.isEmpty() && isCurrencySymbol(s.charAt(0))) {
            symbol = s.charAt(0);
            s = s.substring(1).strip();
        } else if (!s.isEmpty() && isCurrencySymbol(s.charAt(s.length() - 1))) {
            symbol = s.charAt(s.length() - 1);
            s = s.substring(0, s.length() - 1).strip();
        }
        if (!negative && s.startsWith("-")) {
            negative = true;
            s = s.substring(1).strip();
        }
        Matcher number = NUMBER.matcher(s);
        if (!number.matches()) {
            return refused(BudgetRefusal.MALFORMED, "budget " + quote(text) + " is not a USD amount (" + EXAMPLES + ")");
        }
        if (code != null && !code.equalsIgnoreCase("USD")) {
            return refused(BudgetRefusal.UNSUPPORTED_CURRENCY,
                    "budget " + quote(text) + " is in " + code.toUpperCase(Locale.ROOT) + "; budgets are in USD only");
        }
        if (symbol != null && symbol != '$') {
            return refused(BudgetRefusal.UNSUPPORTED_CURRENCY,
                    "budget " + quote(text) + " is in " + symbol + "; budgets are in USD only");
        }
        if (negative) {
            return refused(BudgetRefusal.NEGATIVE, "budget " + quote(text) + " is negative");
        }
        String fraction = number.group(2);
        if (fraction != null && fraction.length() > 2) {
            return refused(BudgetRefusal.TOO_PRECISE,
                    "budget " + quote(text) + " has more than 2 decimal places");
        }
        String plain = number.group(1).replace(",", "") + (fraction == null ? "" : "." + fraction);
        return ofAmount(new BigDecimal(plain));
    }

    /** Checks an amount already held as a number (a configuration value): the same bounds as {@link #parse}. */
    public static ParsedBudget ofAmount(BigDecimal amount) {
        if (amount == null) {
            return refused(BudgetRefusal.MISSING, "budget is missing");
        }
        if (amount.signum() < 0) {
            return refused(BudgetRefusal.NEGATIVE, "amount " + amount.toPlainString() + " is negative");
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            return refused(BudgetRefusal.TOO_PRECISE, "amount " + amount.toPlainString() + " has more than 2 decimal places");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            return refused(BudgetRefusal.TOO_LARGE, "amount " + amount.toPlainString() + " is above the largest budget, "
                    + format(MAX_AMOUNT));
        }
        return new ParsedBudget.Usd(amount);
    }

    /** {@code $1,250.50}: the form reasons and artifacts show. */
    public static String format(BigDecimal amount) {
        String plain = amount.setScale(2, RoundingMode.HALF_EVEN).abs().toPlainString();
        int dot = plain.indexOf('.');
        StringBuilder grouped = new StringBuilder(plain.substring(dot));
        for (int i = dot; i > 0; i -= 3) {
            grouped.insert(0, plain.substring(Math.max(0, i - 3), i));
            if (i > 3) {
                grouped.insert(0, ',');
            }
        }
        return (amount.signum() < 0 ? "-$" : "$") + grouped;
    }

    /** Caller text inside a reason: quoted, and cut so that a reason stays a sentence. */
    static String quote(String text) {
        String t = text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "…" : text;
        StringBuilder out = new StringBuilder("\"");
        t.chars().forEach(c -> out.append(Character.isISOControl(c) ? '?' : (char) c));
        return out.append('"').toString();
    }

    private static boolean isCurrencySymbol(char c) {
        return Character.getType(c) == Character.CURRENCY_SYMBOL;
    }

    private static ParsedBudget refused(BudgetRefusal kind, String reason) {
        return new ParsedBudget.Refused(kind, reason);
    }
}
