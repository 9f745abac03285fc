package org.xmodal.platform;

import java.util.ArrayList;
import java.util.List;

/** A validated page request: {@code page} from 0, {@code size} from 1 to the configured maximum. */
public record PageRequest(int page, int size) {

    /** From the query parameters' text: a page or size that is not a whole number is a 400 naming it. */
    public static PageRequest parse(String page, String size, int defaultSize, int maxSize) {
        return of(QueryParams.wholeNumber("page", page), QueryParams.wholeNumber("size", size), defaultSize, maxSize);
    }

    public static PageRequest of(Integer page, Integer size, int defaultSize, int maxSize) {
        int p = page == null ? 0 : page;
        int s = size == null ? defaultSize : size;
        List<FieldError> errors = new ArrayList<>();
        if (p < 0) {
            errors.add(new FieldError("page", "must be at least 0"));
        }
        if (s < 1 || s > maxSize) {
            errors.add(new FieldError("size", "must lie between 1 and " + maxSize));
        }
        if (!errors.isEmpty()) {
            throw new XmodalException(ErrorCode.INVALID_ARGUMENT, "invalid page request: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        return new PageRequest(p, s);
    }

    public long offset() {
        return (long) page * size;
    }
}
