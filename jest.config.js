const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const base = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", tsx: true, decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
  setupFiles: ["./integration-tests/setup.js"],
}

const match = {
  unit: ["<rootDir>/src/**/__tests__/**/*.unit.spec.[jt]s"],
  modules: ["<rootDir>/src/modules/*/__tests__/**/*.module.spec.[jt]s"],
  http: ["<rootDir>/integration-tests/http/**/*.spec.[jt]s"],
}

module.exports = { ...base, testMatch: match[process.env.TEST_TYPE] ?? match.unit }
