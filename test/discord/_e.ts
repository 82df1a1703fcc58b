console.log(process.getActiveResourcesInfo())
