package dev.davit.codegen.cache;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * A store in Redis, so that several machines (CI runners, developers) share one cache. Keys are
 * {@code PREFIX + hex(key)}; an expiry, if set, makes Redis drop entries not rewritten within it
 * (a hit does not refresh it: shared caches are usually sized by time, not by use).
 *
 * <p>Timeouts are short on purpose: a cache that answers slower than a compile is worse than none,
 * and {@link CompileCache} turns the resulting exceptions into misses. Jedis is an optional
 * dependency of codegen; a program that uses this class puts Jedis on its class path.
 */
public final class RedisStore implements CacheStore {
    /** The default key prefix; versioned so an incompatible Davit never reads these entries. */
    public static final String DEFAULT_PREFIX = "davit:cc1:";

    private final RedisClient client;
    private final String host;
    private final int port;
    private final byte[] prefix;
    private final long expiryMillis;

    /**
     * Connects lazily to {@code host:port}.
     *
     * @param prefix    prepended to every key, to share one Redis between caches
     * @param expiry    how long an entry lives after it is written; null or zero for no expiry
     * @param timeout   connect and socket timeout
     */
    public RedisStore(String host, int port, String prefix, Duration expiry, Duration timeout) {
        this.host = host;
        this.port = port;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.expiryMillis = expiry == null ? 0 : expiry.toMillis();
        int t = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        this.client = RedisClient.builder()
                .hostAndPort(host, port)
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(t).socketTimeoutMillis(t).build())
                .build();
    }

    /** {@code redis://host:port}, with the default prefix, no expiry and a 500 ms timeout. */
    public static RedisStore fromUri(String uri) {
        URI u = URI.create(uri);
        if (!"redis".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("expected redis://host:port, got " + uri);
        }
        return new RedisStore(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), DEFAULT_PREFIX, null,
                Duration.ofMillis(500));
    }

    private byte[] redisKey(CacheKey key) {
        byte[] hex = key.hex().getBytes(StandardCharsets.US_ASCII);
        byte[] k = new byte[prefix.length + hex.length];
        System.arraycopy(prefix, 0, k, 0, prefix.length);
        System.arraycopy(hex, 0, k, prefix.length, hex.length);
        return k;
    }

    @Override
    public byte[] get(CacheKey key) {
        return client.get(redisKey(key));
    }

    @Override
    public void put(CacheKey key, byte[] value) {
        byte[] k = redisKey(key);
        if (expiryMillis > 0) client.set(k, value, SetParams.setParams().px(expiryMillis));
        else client.set(k, value);
    }

    @Override
    public void remove(CacheKey key) {
        client.del(redisKey(key));
    }

    /** Round trip to the server; throws if it cannot be reached. */
    public String ping() { return client.ping(); }

    @Override
    public String describe() { return "redis://" + host + ":" + port; }

    @Override
    public void close() { client.close(); }
}
