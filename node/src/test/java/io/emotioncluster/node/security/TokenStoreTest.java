package io.emotioncluster.node.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

  @Test
  void fileAndEnvironmentTokensMapToTheirRoles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "# comment\n\nadmin   aaaaaaaaaaaaaaaaaaaa\ninference bbbbbbbbbbbbbbbbbbbb\n");
    TokenStore store = TokenStore.load(AuthConfig.tokens(file, "INFERENCE:cccccccccccccccccccc"));
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.roleOf("aaaaaaaaaaaaaaaaaaaa")).contains(Role.ADMIN);
    assertThat(store.roleOf("bbbbbbbbbbbbbbbbbbbb")).contains(Role.INFERENCE);
    assertThat(store.roleOf("cccccccccccccccccccc")).contains(Role.INFERENCE);
    assertThat(store.roleOf("aaaaaaaaaaaaaaaaaaab")).isEmpty();
    assertThat(store.roleOf("")).isEmpty();
  }

  @Test
  void aTokenListedWithBothRolesIsAdmin() {
    TokenStore s = load("inference:dddddddddddddddddddd,admin:dddddddddddddddddddd");
    assertThat(s.roleOf("dddddddddddddddddddd")).contains(Role.ADMIN);
  }

  @Test
  void badLinesShortTokensAndUnknownRolesAreRefusedNamingWhere(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "admin aaaaaaaaaaaaaaaaaaaa extra\n");
    assertThatThrownBy(() -> TokenStore.load(AuthConfig.tokens(file, null)))
        .hasMessageContaining("line 1").hasMessageContaining("'<role> <token>'");
    assertThatThrownBy(() -> TokenStore.load(AuthConfig.tokens(null, "admin:short")))
        .hasMessageContaining("EMOTION_TOKENS item 1").hasMessageContaining("shorter than 16")
        .hasMessageNotContaining("short,"); // the token itself is never echoed back
    assertThatThrownBy(() -> TokenStore.load(AuthConfig.tokens(null, "root:eeeeeeeeeeeeeeeeeeee")))
        .hasMessageContaining("unknown role 'root'");
  }

  @Test
  void rolesAndMethods() {
    assertThat(Role.ADMIN.allows(Role.INFERENCE)).isTrue();
    assertThat(Role.INFERENCE.allows(Role.ADMIN)).isFalse();
    assertThat(MethodRoles.required("emotion.v1.EmotionService/Classify")).contains(Role.INFERENCE);
    assertThat(MethodRoles.required("emotion.v1.EmotionService/Train")).contains(Role.ADMIN);
    assertThat(MethodRoles.required("emotion.v1.ModelAdmin/ListVersions")).contains(Role.ADMIN);
    assertThat(MethodRoles.required("emotion.v1.Future/Anything")).contains(Role.ADMIN);
    assertThat(MethodRoles.required("grpc.health.v1.Health/Check")).isEmpty();
  }

  private static TokenStore load(String env) {
    try {
      return TokenStore.load(AuthConfig.tokens(null, env));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
