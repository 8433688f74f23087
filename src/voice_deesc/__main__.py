from voice_deesc.cli import main

raise SystemExit(main())
