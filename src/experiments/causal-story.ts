import { experimentSources } from '../config/resolve-sources.js'
import { fig2CausalGraphs } from '../plots/figures/fig2-causal-graphs.js'
import { fig6IntraClass } from '../plots/figures/fig6-intra-class.js'
import { simulatedIntraClassInput } from '../plots/inputs/simulated.js'
import { pct, recorder, simulatedStudy } from './common.js'
import type { ExperimentContext, ExperimentResult } from './types.js'

const rec = recorder('causal-story')

/**
 * Fig. 2 and the simulated claims: the two causal graphs, and in a world where the truth is known, text-only
 * selection (LAIONet's) against image-aware selection (ImageNet's): the intra-class comparison and the
 * nearest-centroid accuracy drop (tier `simulated`). Notebook 06 turns the dials.
 * @example const { records } = await causalStory({ config: defaultConfig() })
 */
export async function causalStory({ config }: ExperimentContext): Promise<ExperimentResult> {
  const sources = experimentSources(config, 'causal-story')
  const study = await simulatedStudy(1)
  const note = 'simulated world, seed 1, default dials'
  const o = { tier: 'simulated' as const, source: [], note }
  const records = [
    rec('fig6.lowerShare', 'Fig. 6', "classes where text-only selection is significantly less similar (paper's test)", pct(study.comparison.paper.lowerShare), o),
    rec('fig6.higherShare', 'Fig. 6', "classes where text-only selection is significantly more similar (paper's test)", pct(study.comparison.paper.higherShare), o),
    rec('fig6.lowerShare.corrected', 'Fig. 6', 'classes where text-only selection is significantly less similar (corrected test)', pct(study.comparison.corrected.lowerShare), { ...o, unit: '%' }),
    rec('imageLink.imagenetMean', 'Fig. 6', 'mean intra-class similarity, image-aware (ImageNet-like) selection', study.imageAware.intraMean, o),
    rec('fig6.textOnlyMean', 'Fig. 6', 'mean intra-class similarity, text-only (LAIONet-like) selection', study.textOnly.intraMean, { ...o, unit: 'similarity' }),
    rec('fig1.dropMean', 'Fig. 1', 'accuracy drop from image-aware to text-only set (nearest centroid)', pct(study.accuracy.imageAware.accuracy - study.accuracy.textOnly.accuracy), { ...o, unit: 'points', paper: null }),
  ]
  return {
    experiment: 'causal-story', sources, records,
    figures: [{ id: 'fig2-causal-graphs', figure: fig2CausalGraphs() }, { id: 'fig6-intra-class-simulated', figure: fig6IntraClass(simulatedIntraClassInput(study)) }],
    tables: [],
  }
}
