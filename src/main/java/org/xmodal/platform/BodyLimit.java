package org.xmodal.platform;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes of every request body as it is read and refuses it past {@code xmodal.api.max-body-bytes}.
 * A declared Content-Length is refused earlier, in {@link HttpFrontDoor}; this catches chunked bodies, which
 * declare none.
 */
@Provider
public final class BodyLimit implements ReaderInterceptor {
    /** Looked up per read: providers are built at static init, before runtime configuration exists. */
    private final Instance<XmodalConfig> config;

    public BodyLimit(Instance<XmodalConfig> config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Counted(context.getInputStream(), config.get().api().maxBodyBytes()));
        return context.proceed();
    }

    static XmodalException tooLarge(String size, long max) {
        return new XmodalException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body has " + size + " bytes; at most "
                + max + " are accepted");
    }

    private static final class Counted extends FilterInputStream {
        private final long max;
        private long count;

        Counted(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            return b < 0 ? b : count(b, 1);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            return n < 0 ? n : count(n, n);
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            check();
            return skipped;
        }

        private int count(int result, int bytes) {
            count += bytes;
            check();
            return result;
        }

        private void check() {
            if (count > max) {
                throw tooLarge("more than " + max, max);
            }
        }
    }
}
