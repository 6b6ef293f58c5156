package dev.copydesk.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https registries: a private CA's certificate is trusted through schema.registry.ssl.truststore.*, and only then. */
class TlsRegistryClientTest {
    @TempDir
    Path tmp;

    @Test
    void trustStoreFromConfigIsUsedForHttps() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "keytool not found in java.home");
        Path keyStore = tmp.resolve("server.p12");
        Path cert = tmp.resolve("server.crt");
        Path trustStore = tmp.resolve("trust.p12");
        keytool(keytool, "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit");
        keytool(keytool, "-exportcert", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", "changeit", "-file", cert.toString());
        keytool(keytool, "-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", "trustme");

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStore)));
        server.createContext("/schemas/ids/3", exchange -> {
            byte[] body = "{\"schema\": \"\\\"string\\\"\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort();
            RegistryClient trusting = RegistryClients.create(Map.of(RegistryClients.URL, url,
                    RegistryClients.TRUSTSTORE_LOCATION, trustStore.toString(), RegistryClients.TRUSTSTORE_PASSWORD, "trustme"));
            assertThat(trusting.getById(3)).isEqualTo(Schema.create(Schema.Type.STRING));

            RegistryClient jdkDefaults = RegistryClients.create(Map.of(RegistryClients.URL, url));
            assertThatThrownBy(() -> jdkDefaults.getById(3)).isInstanceOf(RegistryException.class)
                    .hasMessageContaining(url).hasMessageContaining("certification path");
        } finally {
            server.stop(0);
        }
    }

    private static SSLContext serverContext(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keyStore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(Path keytool, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = keytool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
