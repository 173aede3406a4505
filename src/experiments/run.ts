import { EXPERIMENT_NAMES, type ExperimentName } from '../config/resolve-sources.js'
import { configContext } from '../config/context.js'
import { resolveClip } from '../config/resolve-clip.js'
import { withContext } from '../util/context.js'
import { LaionetError } from '../util/errors.js'
import { accuracy } from './accuracy.js'
import { causalStory } from './causal-story.js'
import { classes } from './classes.js'
import { construction } from './construction.js'
import { crossModal } from './cross-modal.js'
import { imageLink } from './image-link.js'
import { imagenetCaptions } from './imagenet-captions.js'
import { imagenetV2 } from './imagenetv2.js'
import { intraClass } from './intra-class.js'
import type { Experiment, ExperimentContext, ExperimentResult } from './types.js'

/** Every experiment by name, in paper order. */
const EXPERIMENTS: Readonly<Record<ExperimentName, Experiment>> = {
  classes,
  construction,
  accuracy,
  'intra-class': intraClass,
  imagenetv2: imagenetV2,
  'image-link': imageLink,
  'imagenet-captions': imagenetCaptions,
  'cross-modal': crossModal,
  'causal-story': causalStory,
}

/** True when `name` is one of {@link EXPERIMENT_NAMES}. */
export function isExperimentName(name: string): name is ExperimentName {
  return (EXPERIMENT_NAMES as readonly string[]).includes(name)
}

/**
 * Runs one experiment of the paper under a configuration: it resolves its sources (as `describeTiers` reports them),
 * computes, and returns its records, figures and tables, in the configuration's context (`configContext(config)`: its
 * data mirror, cache and output folders, model hub) unless `context.context` is given.
 * @param name one of {@link EXPERIMENT_NAMES}
 * @example const { records } = await runExperiment('construction', { config: await loadConfig() })
 */
export async function runExperiment(name: ExperimentName | string, context: ExperimentContext): Promise<ExperimentResult> {
  if (!isExperimentName(name)) throw new LaionetError('experiments', `unknown experiment "${name}" (expected one of ${EXPERIMENT_NAMES.join(', ')})`, { code: 'usage' })
  // Everything the experiment calls reads the configuration's folders and model hub from this scope, not the environment;
  // the CLIP decision (weights checked once, verdict cached) is made before any source is chosen.
  const scope = context.context ?? configContext(context.config)
  return withContext(scope, async () => {
    await resolveClip(context.config, { context: scope })
    return EXPERIMENTS[name](context)
  })
}
