import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bench (not a test): the dashboard's containers page with N containers in the database. Fills the database
 * through the REST API (one simulated host that heartbeats), signs in to the dashboard, then times on
 * loopback: the first page (full GET of /app/containers.xhtml, server render included) and a filter (the
 * table's AJAX filter request), each repeated, reporting median and p95; plus the server's own figure for
 * the table query from the page footer ("page loaded in N ms").
 *
 * Usage: java ContainersPageBench.java BASE_URL DATA_DIR [containers=10000] [runs=30]
 */
public class ContainersPageBench {

    static final HttpClient HTTP = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(10)).build();
    static URI base;

    public static void main(String[] args) throws Exception {
        base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
        Path dataDir = Path.of(args[1]);
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        Properties admin = new Properties();
        try (var in = Files.newBufferedReader(dataDir.resolve("initial-admin-password"))) {
            admin.load(in);
        }
        String password = admin.getProperty("WHARF_ADMIN_PASSWORD");
        String token = field(post("api/v1/auth/login", null, "{\"username\":\"admin\",\"password\":\"" + password + "\"}"), "token");
        String join = Files.readString(dataDir.resolve("join-token")).trim();
        String hostname = "bench-" + Long.toHexString(System.nanoTime());
        String credential = field(post("api/v1/agent/register", null, "{\"joinToken\":\"" + join + "\",\"hostname\":\""
                + hostname + "\",\"address\":\"127.0.0.1\",\"daemonVersion\":\"bench\",\"cpus\":64,\"memoryBytes\":"
                + (256L << 30) + ",\"labels\":{}}"), "token");
        var heartbeats = Executors.newSingleThreadScheduledExecutor(r -> { Thread t = new Thread(r); t.setDaemon(true); return t; });
        heartbeats.scheduleAtFixedRate(() -> {
            try {
                post("api/v1/agent/heartbeat", credential, "{\"containers\":[],\"imageIds\":[],\"memoryUsedBytes\":0,\"cpuLoad\":0}");
            } catch (Exception e) {
                System.err.println("heartbeat: " + e);
            }
        }, 0, 2, TimeUnit.SECONDS);

        long existing = countContainers(token);
        int missing = (int) Math.max(0, count - existing);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> creates = new ArrayList<>();
        for (int i = 0; i < missing; i++) {
            String name = hostname + "-c" + i;
            String image = i % 3 == 0 ? "busybox:latest" : i % 3 == 1 ? "alpine:3.20" : "nginx:1.27";
            creates.add(pool.submit(() -> post("api/v1/containers", token, "{\"name\":\"" + name + "\",\"image\":\""
                    + image + "\",\"host\":\"" + hostname + "\",\"labels\":{\"app\":\"bench\"}}")));
        }
        for (Future<?> f : creates) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("containers in the database: %d (created %d in %.1f s)%n", existing + missing, missing,
                (System.nanoTime() - t0) / 1e9);

        signIn(password);
        // warm up: JIT, Hibernate query plans, Faces view compilation
        for (int i = 0; i < 10; i++) {
            get("app/containers.xhtml");
        }
        List<Double> first = new ArrayList<>();
        List<Double> firstDb = new ArrayList<>();
        String page = null;
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            page = get("app/containers.xhtml");
            first.add((System.nanoTime() - s) / 1e6);
            firstDb.add(footerMillis(page));
        }
        String viewState = match(page, "name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
        List<String> filterInputs = new ArrayList<>();
        Matcher inputs = Pattern.compile("name=\"(list:table:[^\"]+:filter)\"").matcher(page);
        while (inputs.find()) {
            filterInputs.add(inputs.group(1));
        }
        // text filters in column order: name, host, image, ip (state is a drop-down)
        Timing byName = filter(viewState, filterInputs.get(0), "name", "-c12", runs);
        Timing byImage = filter(viewState, filterInputs.get(2), "image", "nginx", runs);
        heartbeats.shutdownNow();
        System.out.printf("first page (25 rows of %d): HTTP median %.1f ms, p95 %.1f ms; table query median %.1f ms%n",
                existing + missing, pct(first, 50), pct(first, 95), pct(firstDb, 50));
        for (Timing t : List.of(byName, byImage)) {
            System.out.printf("filter %s (%d rows on the first page): HTTP median %.1f ms, p95 %.1f ms%n", t.what(),
                    t.rows(), pct(t.http(), 50), pct(t.http(), 95));
        }
        System.out.println(pct(first, 95) < 300 && pct(byName.http(), 95) < 300 && pct(byImage.http(), 95) < 300
                ? "goal (p95 < 300 ms) met" : "goal (p95 < 300 ms) NOT met");
    }

    record Timing(String what, List<Double> http, int rows) {
    }

    /** The table's AJAX filter request (as PrimeFaces sends it when a user types into a column filter). */
    static Timing filter(String viewState, String input, String column, String value, int runs) throws Exception {
        List<Double> http = new ArrayList<>();
        int rows = 0;
        for (int i = 0; i < runs; i++) {
            String form = "jakarta.faces.partial.ajax=true&jakarta.faces.source=list%3Atable&jakarta.faces.partial.execute="
                    + "list%3Atable&jakarta.faces.partial.render=list%3Atable&jakarta.faces.behavior.event=filter"
                    + "&jakarta.faces.partial.event=filter&list%3Atable_filtering=true&list%3Atable_encodeFeature=true"
                    + "&list=list&" + enc(input) + "=" + enc(value) + "&jakarta.faces.ViewState=" + enc(viewState);
            long s = System.nanoTime();
            String answer = send(HttpRequest.newBuilder(base.resolve("app/containers.xhtml"))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                    .header("Faces-Request", "partial/ajax").POST(HttpRequest.BodyPublishers.ofString(form)));
            http.add((System.nanoTime() - s) / 1e6);
            rows = countMatches(answer, "class=\"wharf-name\"");
        }
        return new Timing(column + " contains '" + value + "'", http, rows);
    }

    static void signIn(String password) throws Exception {
        String login = get("login.xhtml");
        String vs = match(login, "name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
        String form = "login=login&login%3Ausername=admin&login%3Apassword=" + enc(password) + "&login%3Asubmit="
                + "&jakarta.faces.ViewState=" + enc(vs);
        send(HttpRequest.newBuilder(base.resolve("login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        if (!get("app/containers.xhtml").contains("list:table")) {
            throw new IllegalStateException("could not sign in to the dashboard");
        }
    }

    static long countContainers(String token) throws Exception {
        long n = 0;
        for (int offset = 0; ; offset += 500) {
            String page = send(HttpRequest.newBuilder(base.resolve("api/v1/containers?limit=500&offset=" + offset))
                    .header("Authorization", "Bearer " + token).GET());
            int rows = countMatches(page, "\"generation\"");
            n += rows;
            if (rows < 500) {
                return n;
            }
        }
    }

    static double footerMillis(String html) {
        Matcher m = Pattern.compile("page loaded in (\\d+) ms").matcher(html);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    static String post(String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            throw new IllegalStateException(r.request().uri() + " -> " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        return match(json, "\"" + name + "\"\\s*:\\s*\"([^\"]+)\"");
    }

    static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in: " + text.substring(0, Math.min(400, text.length())));
        }
        return m.group(1);
    }

    static int countMatches(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
