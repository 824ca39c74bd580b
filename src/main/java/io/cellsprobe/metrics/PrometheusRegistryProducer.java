package io.cellsprobe.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;

/**
 * Replaces Quarkus' Prometheus registry with one whose scrape writes into an unsynchronized buffer.
 * Quarkus' {@code /q/metrics} handler calls {@link PrometheusMeterRegistry#scrape(String)}, which
 * writes through a {@link java.io.StringWriter}: the text format escapes label values one character
 * at a time, and every character then takes the {@link StringBuffer} lock. At 1,000 targets (about
 * 90,000 samples) that lock was a third of the scrape time (see {@code bench/README.md}).
 */
public class PrometheusRegistryProducer {

    @Produces
    @Singleton
    @Alternative
    // Above Quarkus' own producer (APPLICATION + 100), so this one is chosen.
    @Priority(Interceptor.Priority.APPLICATION + 200)
    public PrometheusMeterRegistry registry(PrometheusConfig config, CollectorRegistry collectorRegistry, Clock clock) {
        return new BufferedScrapeRegistry(config, collectorRegistry, clock);
    }

    static final class BufferedScrapeRegistry extends PrometheusMeterRegistry {
        /** Size of the last scrape: the next one is about as large, so the buffer starts there. */
        private volatile int lastLength = 64 * 1024;

        BufferedScrapeRegistry(PrometheusConfig config, CollectorRegistry collectorRegistry, Clock clock) {
            super(config, collectorRegistry, clock);
        }

        @Override
        public String scrape(String contentType) {
            StringBuilderWriter writer = new StringBuilderWriter(lastLength + lastLength / 8);
            try {
                scrape(writer, contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // cannot happen: the writer is in memory
            }
            String text = writer.toString();
            lastLength = text.length();
            return text;
        }
    }

    /** A {@link java.io.StringWriter} without the lock: a scrape's buffer is used by one thread. */
    static final class StringBuilderWriter extends Writer {
        private final StringBuilder text;

        StringBuilderWriter(int capacity) {
            this.text = new StringBuilder(capacity);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
            text.append(string, offset, offset + length);
        }

        @Override
        public void write(String string) {
            text.append(string);
        }

        @Override
        public Writer append(CharSequence chars) {
            text.append(chars);
            return this;
        }

        @Override
        public Writer append(char c) {
            text.append(c);
            return this;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
