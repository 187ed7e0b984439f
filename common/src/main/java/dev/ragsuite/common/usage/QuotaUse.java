package dev.ragsuite.common.usage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A caller's daily quota use as the gateway, which counts it, tells the service behind a usage route:
 * the request header {@value #HEADER}, e.g. {@code chat-questions=3/500;reset=3600, upload-bytes=0/1073741824;reset=3600}
 * ({@code used/limit}, seconds until it resets at midnight UTC). The gateway drops whatever a client sent
 * in this header (its forwarded-header allow-list) and sets it only on routes configured to report quotas.
 *
 * @param used units used today
 * @param limit units a day; 0 when this quota is off
 * @param resetsInSeconds until midnight UTC
 */
public record QuotaUse(long used, long limit, long resetsInSeconds) {

    public static final String HEADER = "X-Rag-Quota-Use";

    /** The header value for these quotas, in the order given. */
    public static String format(Map<String, QuotaUse> quotas) {
        StringBuilder value = new StringBuilder();
        quotas.forEach((name, q) -> {
            if (!value.isEmpty()) {
                value.append(", ");
            }
            value.append(name).append('=').append(q.used()).append('/').append(q.limit())
                    .append(";reset=").append(q.resetsInSeconds());
        });
        return value.toString();
    }

    /** The quotas in a header value; empty when there is no header or it is not one the gateway writes. */
    public static Optional<Map<String, QuotaUse>> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Map<String, QuotaUse> quotas = new LinkedHashMap<>();
        try {
            for (String item : header.split(",")) {
                String[] nameAndRest = item.trim().split("=", 2);
                String[] usedAndReset = nameAndRest[1].split(";reset=", 2);
                String[] usedAndLimit = usedAndReset[0].split("/", 2);
                quotas.put(nameAndRest[0], new QuotaUse(Long.parseLong(usedAndLimit[0]), Long.parseLong(usedAndLimit[1]),
                        Long.parseLong(usedAndReset[1])));
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(quotas);
    }
}
