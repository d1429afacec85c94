//===- PythonReprTest.cpp - Python spellings of floats and patterns -------===//

#include "PythonRepr.h"
#include "gtest/gtest.h"

using bpat::codegen::formatPythonFloat;

TEST(PythonFloatTest, MatchesPythonRepr) {
  // Expected values are what CPython's repr() prints.
  EXPECT_EQ(formatPythonFloat(0.00390625), "0.00390625");
  EXPECT_EQ(formatPythonFloat(0.000244140625), "0.000244140625");
  EXPECT_EQ(formatPythonFloat(2.0 / 256.0), "0.0078125");
  EXPECT_EQ(formatPythonFloat(0.1), "0.1");
  EXPECT_EQ(formatPythonFloat(1.0), "1.0");
  EXPECT_EQ(formatPythonFloat(-128.0), "-128.0");
  EXPECT_EQ(formatPythonFloat(1e-5), "1e-05");
  EXPECT_EQ(formatPythonFloat(0.0001), "0.0001");
  EXPECT_EQ(formatPythonFloat(1e16), "1e+16");
  EXPECT_EQ(formatPythonFloat(1e15), "1000000000000000.0");
  EXPECT_EQ(formatPythonFloat(123.456), "123.456");
  EXPECT_EQ(formatPythonFloat(1.5e300), "1.5e+300");
  EXPECT_EQ(formatPythonFloat(0.0), "0.0");
  EXPECT_EQ(formatPythonFloat(1.0 / 3.0), "0.3333333333333333");
}
