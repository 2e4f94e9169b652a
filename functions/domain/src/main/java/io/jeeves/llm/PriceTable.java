package io.jeeves.llm;

import io.jeeves.error.JeevesException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * USD per million tokens by provider and model prefix (the longest prefix wins, as the reference matched
 * model names by prefix). A model without a price has an unknown cost (null), never a guessed one; the
 * scripted and disabled providers cost nothing.
 */
public final class PriceTable {
    /** One price: {@code model} is a prefix of the model ids it prices. */
    public record Price(String provider, String model, BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        public Price {
            if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
                throw JeevesException.invalidArgument("prices", "a price cannot be negative");
            }
        }
    }

    /** The reference kernel's table (§14.5: per 1K tokens there), per million here. */
    public static final PriceTable DEFAULT = new PriceTable(List.of(
            price("openai", "gpt-3.5-turbo", "1.50", "2.00"),
            price("openai", "gpt-4-turbo", "10.00", "30.00"),
            price("openai", "gpt-4", "30.00", "60.00"),
            price("anthropic", "claude-3-opus", "15.00", "75.00"),
            price("anthropic", "claude-3-sonnet", "3.00", "15.00"),
            price("anthropic", "claude-3-haiku", "0.25", "1.25")));

    private final List<Price> prices;

    public PriceTable(List<Price> prices) {
        List<Price> sorted = new ArrayList<>(prices);
        sorted.sort(Comparator.comparingInt((Price p) -> p.model().length()).reversed());
        this.prices = List.copyOf(sorted);
    }

    /**
     * The table from its raw form: a list of {@code {provider, model, input_per_million, output_per_million}}
     * (numbers or decimal strings), ahead of (overriding) the defaults.
     */
    public static PriceTable of(List<?> raw) {
        List<Price> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = "prices[" + i + "]";
            if (!(raw.get(i) instanceof Map<?, ?> m) || !(m.get("provider") instanceof String provider)
                    || !(m.get("model") instanceof String model)) {
                throw JeevesException.invalidArgument(at, "a price needs provider, model, input_per_million and "
                        + "output_per_million");
            }
            out.add(new Price(provider, model, decimal(m.get("input_per_million"), at + ".input_per_million"),
                    decimal(m.get("output_per_million"), at + ".output_per_million")));
        }
        for (Price p : DEFAULT.prices) {
            if (out.stream().noneMatch(o -> o.provider().equals(p.provider()) && o.model().equals(p.model()))) {
                out.add(p);
            }
        }
        return new PriceTable(out);
    }

    private static BigDecimal decimal(Object v, String field) {
        try {
            return new BigDecimal(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw JeevesException.invalidArgument(field, field + " must be a number");
        }
    }

    private static Price price(String provider, String model, String in, String out) {
        return new Price(provider, model, new BigDecimal(in), new BigDecimal(out));
    }

    /**
     * The cost of a call in USD (rounded to the millionth of a cent, trailing zeros dropped), or null when the
     * model has no price.
     */
    public BigDecimal cost(String provider, String model, long inputTokens, long outputTokens) {
        if (provider.equals(DisabledProvider.NAME) || provider.equals(ScriptedProvider.NAME) && !priced(provider)) {
            return BigDecimal.ZERO;
        }
        if (model == null) {
            return null;
        }
        for (Price p : prices) {
            if (p.provider().equals(provider) && model.startsWith(p.model())) {
                BigDecimal micro = p.inputPerMillion().multiply(BigDecimal.valueOf(inputTokens))
                        .add(p.outputPerMillion().multiply(BigDecimal.valueOf(outputTokens)));
                return micro.divide(BigDecimal.valueOf(1_000_000), 8, RoundingMode.HALF_EVEN).stripTrailingZeros();
            }
        }
        return null;
    }

    private boolean priced(String provider) {
        return prices.stream().anyMatch(p -> p.provider().equals(provider));
    }
}
