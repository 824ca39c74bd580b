package io.cellsprobe.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.utils.StringUtil;

/**
 * Checks each typed {@code cells-probe.*} value (durations, whole numbers, booleans, sizes, URLs,
 * words such as flavors) before
 * the typed {@link CellsProbeConfig} mapping converts it. SmallRye builds that mapping while it builds
 * the configuration, and one value it cannot convert stops start-up right there with its own message
 * ({@code SRCFG00039}), before {@link TargetsValidator} can list every problem. So the mapping gets
 * the property's default in place of text that would not convert, and {@link #problem(String, ConfigValue)}
 * tells {@link TargetsValidator}, which reports it with all the others: start-up still stops.
 *
 * <p>For every mapped {@code cells-probe.*} name the value's raw value becomes the text that was
 * checked (after profiles and expressions were resolved: this runs at the application priority,
 * outside SmallRye's own interceptors), and its value the text the mapping converts. Registered in
 * {@code META-INF/services}.
 */
public class TypedValueCheck implements ConfigSourceInterceptor {

    /** What SmallRye's boolean converter understands; anything else it silently reads as false. */
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "y", "n", "on", "off", "1",
            "0");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value == null || value.getValue() == null || !name.startsWith(MappedProperties.PREFIX + ".")) {
            return value;
        }
        return MappedProperties.find(name)
                .map(property -> value.from()
                        .withRawValue(value.getValue())
                        .withValue(problem(property, value.getValue()).isEmpty() ? text(property, value.getValue())
                                : substitute(name, property))
                        .build())
                .orElse(value);
    }

    /** What is wrong with the text configured for {@code name}, as this check left it in {@code value}. */
    static Optional<String> problem(String name, ConfigValue value) {
        if (value.getRawValue() == null) {
            return Optional.empty();
        }
        return MappedProperties.find(name).flatMap(property -> problem(property, value.getRawValue()));
    }

    /** What is wrong with a value for this property, in words an operator can act on. */
    private static Optional<String> problem(Property property, String value) {
        Class<?> type = type(property);
        if (type == null) {
            return Optional.empty();
        }
        if (type == Duration.class) {
            // A list property (duration-buckets) reads as one leaf of its element type.
            return Arrays.stream(StringUtil.split(value)).filter(item -> !converts(new DurationConverter(), item))
                    .findFirst().map(item -> quoted(item) + " is not a duration: write a number and a unit, "
                            + "e.g. 30s, 5m or 500ms");
        }
        if (type == MemorySize.class && !converts(new MemorySizeConverter(), value)) {
            return Optional.of(quoted(value) + " is not a size: write a number and a unit, e.g. 512K, 1M or 2G");
        }
        if (type == Integer.class && !converts(text -> Integer.valueOf(text.trim()), value)) {
            return Optional.of(quoted(value) + " is not a whole number"
                    + (property.hasDefaultValue() ? ", e.g. " + property.getDefaultValue() : ""));
        }
        if (type == Boolean.class && !BOOLEAN_WORDS.contains(value.trim().toLowerCase(Locale.ROOT))) {
            return Optional.of(quoted(value) + " is not true or false");
        }
        if (type == URI.class) {
            try {
                new URI(value.trim());
            } catch (URISyntaxException e) {
                // The reason only: the text may carry credentials (user:password@).
                return Optional.of("does not parse as a URL: " + e.getReason());
            }
        }
        if (type.isEnum()) {
            // Exactly the words the documentation lists, though the mapping's converter would take DEX_PASSWORD too.
            List<String> words = Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
            if (!words.contains(value)) {
                return Optional.of(quoted(value) + " is not one of " + words);
            }
        }
        return Optional.empty();
    }

    /** The type a leaf or primitive property converts to; null for a group or map. */
    private static Class<?> type(Property property) {
        if (!property.isLeaf() && !property.isPrimitive()) {
            return null;
        }
        return property.isPrimitive() ? property.asPrimitive().getBoxType() : property.asLeaf().getValueRawType();
    }

    /** The text the mapping converts: a URL without the spaces around it, which its parser refuses. */
    private static String text(Property property, String value) {
        return type(property) == URI.class ? value.trim() : value;
    }

    private static boolean converts(org.eclipse.microprofile.config.spi.Converter<?> converter, String value) {
        try {
            return converter.convert(value) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The default when there is one (an element of it for an indexed list name), else no value. */
    private static String substitute(String name, Property property) {
        if (!property.hasDefaultValue()) {
            return null;
        }
        String fallback = property.getDefaultValue();
        return name.endsWith("]") ? StringUtil.split(fallback)[0] : fallback;
    }

    private static String quoted(String value) {
        return "'" + value + "'";
    }
}
