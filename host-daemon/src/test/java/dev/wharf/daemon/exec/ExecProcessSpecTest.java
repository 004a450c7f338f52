package dev.wharf.daemon.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.runtime.UserResolver;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecProcessSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theContainersProcessWithTheExecsSettings() throws Exception {
        JsonNode base = JSON.readTree("""
                {"terminal":false,"user":{"uid":0,"gid":0},"args":["httpd","-f"],"env":["PATH=/bin","HOSTNAME=abc","A=1"],
                 "cwd":"/","capabilities":{"bounding":["CAP_CHOWN"]},"rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}]}""");
        ExecConfig cfg = ExecConfig.from(JSON.readTree("""
                {"Cmd":["sh","-c","id"],"Env":["A=2","B=3"],"WorkingDir":"/tmp","Tty":true,"User":"www"}"""));
        JsonNode p = ExecProcessSpec.build(base, cfg, new UserResolver.ExecUser(1000, 1000, List.of(20), "/home/www"), 40, 120);
        assertEquals("[\"sh\",\"-c\",\"id\"]", p.get("args").toString());
        assertEquals("[\"PATH=/bin\",\"HOSTNAME=abc\",\"A=2\",\"TERM=xterm\",\"B=3\"]", p.get("env").toString());
        assertEquals("/tmp", p.get("cwd").asText());
        assertEquals("{\"uid\":1000,\"gid\":1000,\"additionalGids\":[20]}", p.get("user").toString());
        assertEquals("{\"height\":40,\"width\":120}", p.get("consoleSize").toString());
        assertEquals(true, p.get("terminal").asBoolean());
        assertEquals(base.get("rlimits"), p.get("rlimits"));
        assertEquals(base.get("capabilities"), p.get("capabilities"));

        JsonNode plain = ExecProcessSpec.build(base, ExecConfig.from(JSON.readTree("{\"Cmd\":[\"ls\"]}")), null, 0, 0);
        assertEquals("{\"uid\":0,\"gid\":0}", plain.get("user").toString());
        assertFalse(plain.has("consoleSize"));
        assertEquals(base.get("env"), plain.get("env"));
    }

    @Test
    void badExecConfigsAreRefused() {
        assertEquals("No exec command specified",
                assertThrows(ApiException.class, () -> ExecConfig.from(JSON.readTree("{\"Cmd\":[]}"))).getMessage());
        assertThrows(ApiException.class, () -> ExecConfig.from(JSON.readTree("{\"Cmd\":[\"ls\"],\"WorkingDir\":\"rel\"}")));
    }
}
