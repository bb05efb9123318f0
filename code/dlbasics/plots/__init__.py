"""The figures of the chapters, drawn with matplotlib, by kind of figure.

The helper contract, which every helper below follows:

- **``ax=None``**: a helper draws on the Axes it is given (``ax=...``), or
  on the Axes of a new figure when it is None; the multi-panel helpers
  (:func:`~dlbasics.plots.activation_grid`, :func:`~dlbasics.plots.image_panels`) take ``axes=`` instead.
- **It returns the Axes** it drew on (the array of Axes for ``axes=``), so
  that a chapter can add to the figure.
- **It sets no title**: captions belong to the book (cell metadata).
- **Every displayed string is an argument** (axis labels, legend entries,
  captions under panels), so that the English and French chapters pass
  their own; nothing changes matplotlib's global settings (``rcParams``).
- **Dark on white**: figures keep matplotlib's white background. The
  book's dark theme shows them as their negative with the hues kept
  (``book/_static/dlbasics.css``), so colour maps that start from white
  (``Blues``, ``Greys``, ``gray_r``, ``RdBu_r``) read well in both themes;
  a figure that must keep its colours (a photo, a ``viridis`` heat map) is
  marked in its cell's metadata (``image: classes: keep-colours``).

:func:`~dlbasics.plots.dropout_units` is the one exception: it chooses the units that
:func:`~dlbasics.plots.draw_dropout_network` crosses out, and draws nothing.
``tests/dlbasics/plots/test_contract.py`` checks the contract on every name
of ``__all__``, from a table of example calls that a new helper must join.

Where to add a figure: to the module of its kind, never to one named after
a chapter.

- :mod:`~dlbasics.plots.lines`: values against a common abscissa
  (:func:`~dlbasics.plots.scatter`, :func:`~dlbasics.plots.loss_curve`, :func:`~dlbasics.plots.curves`,
  :func:`~dlbasics.plots.activation_grid`, :func:`~dlbasics.plots.loss_functions`, :func:`~dlbasics.plots.signals`,
  :func:`~dlbasics.plots.plot_history`, :func:`~dlbasics.plots.validation_curves`,
  :func:`~dlbasics.plots.layer_gradient_norms`);
- :mod:`~dlbasics.plots.diagrams`: schematics (:func:`~dlbasics.plots.draw_neuron`,
  :func:`~dlbasics.plots.draw_network`, :func:`~dlbasics.plots.draw_dropout_network`, :func:`~dlbasics.plots.dropout_units`,
  :func:`~dlbasics.plots.draw_unrolled_rnn`, :func:`~dlbasics.plots.draw_multi_head_attention`,
  :func:`~dlbasics.plots.draw_transformer_block`);
- :mod:`~dlbasics.plots.landscapes`: a loss over parameter space
  (:func:`~dlbasics.plots.descent_path`, :func:`~dlbasics.plots.loss_contours`, :func:`~dlbasics.plots.parameter_paths`);
- :mod:`~dlbasics.plots.matrices`: images and heat maps
  (:func:`~dlbasics.plots.image_panels`, :func:`~dlbasics.plots.image_mosaic`, :func:`~dlbasics.plots.confusion`,
  :func:`~dlbasics.plots.attention_heatmap`, :func:`~dlbasics.plots.positional_encoding_image`);
- :mod:`~dlbasics.plots.points`: 2-D samples (:func:`~dlbasics.plots.latent_scatter`,
  :func:`~dlbasics.plots.samples_vs_data`, :func:`~dlbasics.plots.flow_paths`) and :func:`~dlbasics.plots.timing_bars`.

Chapters call them through this module (``plots.confusion(...)``).
Matplotlib, scikit-learn and scikit-image are imported when a helper runs,
so ``import dlbasics`` stays light.
"""

from . import diagrams, landscapes, lines, matrices, points
from .lines import (
    activation_grid,
    curves,
    layer_gradient_norms,
    loss_curve,
    loss_functions,
    plot_history,
    scatter,
    signals,
    validation_curves,
)
from .diagrams import (
    draw_dropout_network,
    draw_multi_head_attention,
    draw_network,
    draw_neuron,
    draw_transformer_block,
    draw_unrolled_rnn,
    dropout_units,
)
from .landscapes import descent_path, loss_contours, parameter_paths
from .matrices import attention_heatmap, confusion, image_mosaic, image_panels, positional_encoding_image
from .points import flow_paths, latent_scatter, samples_vs_data, timing_bars

# One public face: every helper of every kind, in the order of the modules.
__all__ = [*lines.__all__, *diagrams.__all__, *landscapes.__all__, *matrices.__all__, *points.__all__]
