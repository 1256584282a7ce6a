#include "sim/io/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace bmd::io {
namespace {

// FIPS 180-2, Appendix B.1: one-block message "abc".
TEST(Sha256, FipsOneBlockMessage) {
  EXPECT_EQ(Sha256::Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// FIPS 180-2, Appendix B.2: the 448-bit two-block message.
TEST(Sha256, FipsMultiBlockMessage) {
  EXPECT_EQ(Sha256::Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

// FIPS 180-2, Appendix B.3: one million 'a', fed in uneven pieces to exercise buffering.
TEST(Sha256, FipsMillionA) {
  Sha256 h;
  const std::string piece(997, 'a');  // prime length: pieces straddle block boundaries
  std::size_t fed = 0;
  while (fed + piece.size() <= 1000000) {
    h.Update(piece);
    fed += piece.size();
  }
  h.Update(std::string(1000000 - fed, 'a'));
  EXPECT_EQ(h.HexDigest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// The empty message (FIPS 180-4 examples / NIST CAVP SHA256ShortMsg Len = 0).
TEST(Sha256, EmptyMessage) {
  EXPECT_EQ(Sha256::Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// Padding edge cases: 55 bytes fit length in one block, 56 do not; 64 is exactly one
// block. References computed with Python's hashlib (OpenSSL), an independent implementation.
TEST(Sha256, PaddingBoundaries) {
  EXPECT_EQ(Sha256::Hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(Sha256::Hex(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(Sha256::Hex(std::string(63, 'a')), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  EXPECT_EQ(Sha256::Hex(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  EXPECT_EQ(Sha256::Hex(std::string(65, 'a')), "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0");
  EXPECT_EQ(Sha256::Hex(std::string(119, 'a')), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb");
  EXPECT_EQ(Sha256::Hex(std::string(120, 'a')), "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c");
}

// UTF-8 text hashes its bytes (hashlib reference as above).
TEST(Sha256, Utf8Bytes) {
  EXPECT_EQ(Sha256::Hex("서울 Zürich\n"), "4ae6657331c690a5119c70ad1735f8f9bcc20e3537fb5edc0a99d55d29941eea");
}

// Any split of a message into Update calls gives the one-shot digest, and Finish resets.
TEST(Sha256, SplitUpdatesMatchOneShotAndFinishResets) {
  std::string message;
  for (int i = 0; i < 300; ++i) message.push_back(static_cast<char>('A' + (i * 7) % 53));
  const std::string expected = Sha256::Hex(message);
  for (std::size_t cut = 0; cut <= message.size(); cut += 13) {
    Sha256 h;
    h.Update(std::string_view(message).substr(0, cut));
    h.Update(std::string_view(message).substr(cut));
    EXPECT_EQ(h.HexDigest(), expected) << "cut at " << cut;
  }
  Sha256 h;
  h.Update("garbage");
  h.HexDigest();
  h.Update("abc");
  EXPECT_EQ(h.HexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace bmd::io
