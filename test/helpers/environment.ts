// Loaded before every test file (.mocharc "require"): the suite's environment becomes the process default context once,
// as `import 'laionet'` and the command line do, so tests that import internals directly see LAIONET_DATA_MIRROR and
// friends. Tests never change process.env: a test that needs other folders passes a context or uses useContext.
import { useEnvironmentContext } from '../../src/config/context.js'

useEnvironmentContext()
