#include "platform/core/crypto.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <set>

namespace mw {
namespace {

TEST(Crypto, RandomTokensAreUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int token_idx = 0; token_idx < 100; ++token_idx) {
    std::string token = RandomToken();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    EXPECT_TRUE(seen.insert(token).second);
  }
}

// Tokens come from a per-thread buffer of random bytes: a child forked after the parent drew from it must not hand
// out the bytes the parent hands out next.
TEST(Crypto, AForkedChildDoesNotRepeatItsParentsTokens) {
  RandomToken();  // the buffer is filled
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string token = RandomToken();
    (void)!::write(pipe_ends[1], token.data(), token.size());
    ::_exit(0);
  }
  ::close(pipe_ends[1]);
  const std::string parent_token = RandomToken();
  std::string child_token(64, '\0');
  const ssize_t received = ::read(pipe_ends[0], child_token.data(), child_token.size());
  ::close(pipe_ends[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_GT(received, 0);
  child_token.resize(static_cast<std::size_t>(received));
  EXPECT_EQ(child_token.size(), parent_token.size());
  EXPECT_NE(child_token, parent_token);
}

TEST(Crypto, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, Sha256Base64UrlIsThePkceChallengeOfRfc7636) {
  // RFC 7636, appendix B: the code verifier and its S256 code challenge.
  EXPECT_EQ(Sha256Base64Url("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Crypto, PasswordHashIsArgon2idAndVerifies) {
  std::string hash = HashPassword("Sommer-in-Grimma-2026");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(hash, "Sommer-in-Grimma-2026"));
  EXPECT_FALSE(VerifyPassword(hash, "sommer-in-grimma-2026"));
  EXPECT_FALSE(VerifyPassword("", "x"));
}

TEST(Crypto, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
TEST(Crypto, AMaskedTokenDiffersEveryTimeAndUnmasksToTheSecret) {
  const std::string secret = RandomToken();
  const std::string first = MaskToken(secret);
  const std::string second = MaskToken(secret);
  EXPECT_NE(first, second);
  EXPECT_EQ(first.find(secret), std::string::npos);
  EXPECT_EQ(first.size(), RandomToken(2 * secret.size()).size());
  for (char c : first) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << first;
  EXPECT_EQ(UnmaskToken(first), secret);
  EXPECT_EQ(UnmaskToken(second), secret);
}

TEST(Crypto, UnmaskRefusesWhatWasNotMasked) {
  EXPECT_FALSE(UnmaskToken(""));
  EXPECT_FALSE(UnmaskToken("AAAA"));      // three bytes: no pad of the same length as the secret
  EXPECT_FALSE(UnmaskToken("ab+/"));      // not the URL-safe alphabet
  EXPECT_FALSE(UnmaskToken("AAAAAA=="));  // no padding
  EXPECT_FALSE(UnmaskToken("AAA AAA"));
  EXPECT_FALSE(UnmaskToken(std::string(600, 'A')));
  EXPECT_EQ(UnmaskToken("AAAAAAAA"), std::string(3, '\0'));  // six zero bytes: pad and secret alike
}

}  // namespace mw
